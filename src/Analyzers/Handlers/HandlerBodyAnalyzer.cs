using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace XCall.Analyzers.Handlers;

/// <summary>
/// XC1xxx and XC2xxx: a handler ([CrossCall] or [IpiHandler] method) must not allocate or block. Findings inside a handler are
/// reported where they are; findings reached through calls into the compilation are reported at the handler's call, with the
/// chain. Built the VSTHRD010 way: every method body (and every instance field or property initializer, which constructors
/// run) is scanned as it is analyzed, edges and findings; the closure is computed at the end of the compilation. Generated
/// code is analyzed (the generated senders lead to XCallRuntime.Call) but nothing is reported inside it.
/// </summary>
/// <remarks>
/// Virtual and interface calls follow the statically bound target only: a virtual method's own body is analyzed, overrides are
/// not, and an interface or abstract member (no body) is trusted. Following every implementation would report handlers for
/// code they may never reach; the bound body is what the call runs unless a subclass says otherwise.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HandlerBodyAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        XCallDiagnostics.InCategories(XCallDiagnostics.AllocationCategory, XCallDiagnostics.BlockingCategory);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze);
        context.RegisterCompilationStartAction(start =>
        {
            if (XCallSymbols.From(start.Compilation) is not { } symbols) return;
            var apis = ProjectApiLists.Read(start.Options.AdditionalFiles, start.CancellationToken);
            var session = new Session(new ScanContext(start.Compilation, symbols, apis));
            start.RegisterOperationBlockAction(session.Scan);
            start.RegisterSymbolAction(session.ScanImplicitConstructors, SymbolKind.NamedType);
            start.RegisterCompilationEndAction(session.ReportThroughCalls);
        });
    }

    /// <summary>The call graph of one compilation, filled as method bodies are analyzed.</summary>
    private sealed class Session
    {
        private readonly ScanContext _context;
        private readonly ConcurrentDictionary<ISymbol, MemberFacts> _facts = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<ISymbol, bool> _handlers = new(SymbolEqualityComparer.Default);

        public Session(ScanContext context) => _context = context;

        public void Scan(OperationBlockAnalysisContext context)
        {
            ISymbol owner = context.OwningSymbol;
            bool initializer = owner is IFieldSymbol { IsStatic: false } or IPropertySymbol { IsStatic: false }
                && context.OperationBlocks.Any(block => block is IFieldInitializerOperation or IPropertyInitializerOperation);
            if (owner is not IMethodSymbol && !initializer) return; // static initializers run once, not per call
            if (_context.Symbols.IsVetted(owner) || _context.Library.IsTrusted(owner is IMethodSymbol { AssociatedSymbol: { } property } ? property : owner)) return;
            MemberFacts facts = BodyScanner.Scan(owner, context.OperationBlocks, _context, context.IsGeneratedCode);
            ISymbol node = owner is IMethodSymbol method ? BodyScanner.NodeOf(method) : owner;
            _facts[node] = facts;
            if (owner is not IMethodSymbol member || !_context.Symbols.IsHandler(member)) return;
            _handlers[node] = true;
            foreach (Finding finding in facts.Findings) context.ReportDiagnostic(finding.ToDiagnostic());
        }

        /// <summary>Constructors the compiler wrote have no body to scan: their calls (initializers, base constructor) are known.</summary>
        public void ScanImplicitConstructors(SymbolAnalysisContext context)
        {
            var type = (INamedTypeSymbol)context.Symbol;
            if (_context.Symbols.IsVetted(type)) return;
            foreach (IMethodSymbol constructor in type.InstanceConstructors.Where(constructor => constructor.IsImplicitlyDeclared))
                _facts[constructor] = BodyScanner.ImplicitConstructor(constructor, _context);
        }

        public void ReportThroughCalls(CompilationAnalysisContext context)
        {
            var settings = new RuleSettings(context.Compilation, context.CancellationToken);
            var graph = new CallGraph(_facts, settings.IsOn);
            foreach (ISymbol handler in _handlers.Keys)
            {
                foreach (CallSite call in _facts[handler].Calls)
                {
                    Report(context, graph, handler, call, RuleFamily.Allocation, XCallDiagnostics.TransitiveAllocation);
                    Report(context, graph, handler, call, RuleFamily.Blocking, XCallDiagnostics.TransitiveBlocking);
                }
            }
        }

        private static void Report(CompilationAnalysisContext context, CallGraph graph, ISymbol handler, CallSite call,
            RuleFamily family, DiagnosticDescriptor rule)
        {
            if (graph.From(call, family) is not { } chain) return;
            context.ReportDiagnostic(Diagnostic.Create(rule, call.Location, CallGraph.Name(handler) + " → " + chain.Text, chain.Finding.Rule.Id));
        }
    }
}
