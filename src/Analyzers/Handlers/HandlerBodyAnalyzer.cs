using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace XCall.Analyzers.Handlers;

/// <summary>
/// XC1xxx and XC2xxx: a handler ([CrossCall] or [IpiHandler] method) must not allocate or block. Findings inside a handler are
/// reported where they are; findings reached through calls into the compilation are reported at the handler's call, with the
/// chain. Built the VSTHRD010 way: every method body is scanned as it is analyzed (edges and findings), the closure is computed
/// at the end of the compilation. Generated code is analyzed (the generated senders lead to XCallRuntime.Call) but nothing is
/// reported inside it.
/// </summary>
/// <remarks>
/// Virtual and interface calls follow the statically bound target only: a virtual method's own body is analyzed, overrides are
/// not, and an interface or abstract member (no body) is trusted. Following every implementation would report handlers for
/// code they may never reach; the bound body is what the call runs unless a subclass says otherwise.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HandlerBodyAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        XCallDiagnostics.ParamsArray, XCallDiagnostics.Boxing, XCallDiagnostics.StringAllocation, XCallDiagnostics.DelegateAllocation,
        XCallDiagnostics.EnumeratorAllocation, XCallDiagnostics.ObjectAllocation, XCallDiagnostics.CollectionExpressionAllocation,
        XCallDiagnostics.LinqAllocation, XCallDiagnostics.StateMachineAllocation, XCallDiagnostics.AllocatingCall,
        XCallDiagnostics.TransitiveAllocation, XCallDiagnostics.TaskWait, XCallDiagnostics.LockWait, XCallDiagnostics.ThreadWait,
        XCallDiagnostics.WaitHandleWait, XCallDiagnostics.SemaphoreWait, XCallDiagnostics.SynchronousIo, XCallDiagnostics.SyncCrossCall,
        XCallDiagnostics.TransitiveBlocking);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze);
        context.RegisterCompilationStartAction(start =>
        {
            if (XCallSymbols.From(start.Compilation) is not { } symbols) return;
            var session = new Session(new ScanContext(start.Compilation, symbols));
            start.RegisterOperationBlockAction(session.Scan);
            start.RegisterCompilationEndAction(session.ReportThroughCalls);
        });
    }

    /// <summary>The call graph of one compilation, filled as method bodies are analyzed.</summary>
    private sealed class Session
    {
        private readonly ScanContext _context;
        private readonly ConcurrentDictionary<IMethodSymbol, MemberFacts> _facts = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<IMethodSymbol, bool> _handlers = new(SymbolEqualityComparer.Default);

        public Session(ScanContext context) => _context = context;

        public void Scan(OperationBlockAnalysisContext context)
        {
            if (context.OwningSymbol is not IMethodSymbol member || _context.Symbols.IsVetted(member)) return;
            MemberFacts facts = BodyScanner.Scan(member, context.OperationBlocks, _context);
            IMethodSymbol node = BodyScanner.NodeOf(member);
            _facts[node] = facts;
            if (!_context.Symbols.IsHandler(member)) return;
            _handlers[node] = true;
            foreach (Finding finding in facts.Findings) context.ReportDiagnostic(finding.ToDiagnostic());
        }

        public void ReportThroughCalls(CompilationAnalysisContext context)
        {
            var graph = new CallGraph(_facts, finding => !RuleSettings.IsOff(context.Compilation, finding, context.CancellationToken));
            foreach (IMethodSymbol handler in _handlers.Keys)
            {
                foreach (CallSite call in _facts[handler].Calls)
                {
                    Report(context, graph, handler, call, RuleFamily.Allocation, XCallDiagnostics.TransitiveAllocation);
                    Report(context, graph, handler, call, RuleFamily.Blocking, XCallDiagnostics.TransitiveBlocking);
                }
            }
        }

        private static void Report(CompilationAnalysisContext context, CallGraph graph, IMethodSymbol handler, CallSite call,
            RuleFamily family, DiagnosticDescriptor rule)
        {
            if (graph.From(call.Target, family) is not { } chain) return;
            context.ReportDiagnostic(Diagnostic.Create(rule, call.Location, CallGraph.Name(handler) + " → " + chain.Text, chain.Finding.Rule.Id));
        }
    }
}
