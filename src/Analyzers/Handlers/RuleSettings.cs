using System.Threading;
using Microsoft.CodeAnalysis;

namespace XCall.Analyzers.Handlers;

/// <summary>
/// Whether a rule is turned off (<c>severity = none</c> in .editorconfig, a global config or /nowarn) where a finding sits.
/// A finding the user turned off does not travel up call chains either: turning off XC1002 also silences boxing reached through calls.
/// </summary>
internal static class RuleSettings
{
    public static bool IsOff(Compilation compilation, Finding finding, CancellationToken cancellation)
    {
        string id = finding.Rule.Id;
        if (compilation.Options.SyntaxTreeOptionsProvider is { } provider)
        {
            if (finding.Location.SourceTree is { } tree && provider.TryGetDiagnosticValue(tree, id, cancellation, out ReportDiagnostic local))
                return local == ReportDiagnostic.Suppress;
            if (provider.TryGetGlobalDiagnosticValue(id, cancellation, out ReportDiagnostic global))
                return global == ReportDiagnostic.Suppress;
        }
        return compilation.Options.SpecificDiagnosticOptions.TryGetValue(id, out ReportDiagnostic specific) && specific == ReportDiagnostic.Suppress;
    }
}
