using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using XCall.Shared;

namespace XCall.Analyzers.Declarations;

/// <summary>
/// XC0xxx: reports why the generator skips a [CrossCall] or [IpiHandler] method (the shared shape rules, so the two never
/// disagree), IPI type ids bound to two message types, and [Vetted] without a reason.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DeclarationAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        XCallDiagnostics.InCategories(XCallDiagnostics.DeclarationsCategory);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (XCallSymbols.From(start.Compilation) is not { } symbols) return;
            var session = new Session(symbols);
            start.RegisterSymbolAction(c => session.Analyze(c.Symbol, c.ReportDiagnostic), SymbolKind.Method, SymbolKind.Property, SymbolKind.NamedType);
            start.RegisterOperationAction(c => session.Analyze(((ILocalFunctionOperation)c.Operation).Symbol, c.ReportDiagnostic), OperationKind.LocalFunction);
            start.RegisterOperationAction(c => session.Analyze(((IAnonymousFunctionOperation)c.Operation).Symbol, c.ReportDiagnostic), OperationKind.AnonymousFunction);
            start.RegisterCompilationEndAction(c =>
            {
                foreach (Diagnostic conflict in session.Ipi.Conflicts()) c.ReportDiagnostic(conflict);
            });
        });
    }

    /// <summary>The state of one compilation's analysis.</summary>
    private sealed class Session
    {
        private readonly XCallSymbols _symbols;

        /// <summary>Problems of containing types already reported: every handler of such a type finds the same one.</summary>
        private readonly ConcurrentDictionary<(string Id, Location Location), bool> _reported = new();

        public Session(XCallSymbols symbols) => _symbols = symbols;

        public IpiBindings Ipi { get; } = new();

        public void Analyze(ISymbol symbol, Action<Diagnostic> report)
        {
            CheckVettedReason(symbol, report);
            if (symbol is not IMethodSymbol method) return;
            foreach (AttributeData attribute in method.GetAttributes())
            {
                if (HandlerDeclaration.Of(attribute) is not { } declaration) continue; // from metadata: nothing to point at
                if (XCallSymbols.Is(attribute, _symbols.CrossCall) && SingleArgument(attribute) is int mode)
                {
                    Report(CrossCallShape.Inspect(method, mode, XCallEnums.PriorityOf(attribute)).Issues, method, declaration, "CrossCall", report);
                }
                else if (XCallSymbols.Is(attribute, _symbols.IpiHandler) && SingleArgument(attribute) is int type)
                {
                    IpiHandlerInspection inspection = IpiHandlerShape.Inspect(method, type);
                    Report(inspection.Issues, method, declaration, "IpiHandler", report);
                    if (inspection.CanEmit) Ipi.Add(type, inspection.MessageType!, method, declaration.Attribute);
                }
            }
        }

        private void Report(ImmutableArray<ShapeIssue> issues, IMethodSymbol method, HandlerDeclaration declaration, string attributeName, Action<Diagnostic> report)
        {
            foreach (ShapeIssue issue in issues)
            {
                if (ShapeDiagnostics.Create(issue, method, declaration, attributeName) is not { } diagnostic) continue;
                bool ofContainingType = issue.Depth >= 0;
                if (!ofContainingType || _reported.TryAdd((diagnostic.Id, diagnostic.Location), true)) report(diagnostic);
            }
        }

        private void CheckVettedReason(ISymbol symbol, Action<Diagnostic> report)
        {
            if (_symbols.VettedAttribute(symbol) is { } vetted
                && vetted.ConstructorArguments.Length == 1
                && string.IsNullOrWhiteSpace(SingleArgument(vetted) as string)
                && vetted.ApplicationSyntaxReference is { } syntax)
            {
                report(Diagnostic.Create(XCallDiagnostics.VettedWithoutReason,
                    Location.Create(syntax.SyntaxTree, syntax.Span), symbol.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat)));
            }
        }
    }

    private static object? SingleArgument(AttributeData attribute) =>
        attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value : null;
}
