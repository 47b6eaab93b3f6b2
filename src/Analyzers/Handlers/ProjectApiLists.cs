using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace XCall.Analyzers.Handlers;

/// <summary>What a project says about an API in its own lists.</summary>
internal enum ProjectApi
{
    /// <summary>Listed in XCall.AllocatingApis.txt: reported as XC1010.</summary>
    Allocating,
    /// <summary>Listed in XCall.BlockingApis.txt: reported as XC2008.</summary>
    Blocking,
    /// <summary>Listed in XCall.TrustedApis.txt: never reported, even when the built-in list knows it; calls to it are not followed.</summary>
    Trusted,
}

/// <summary>
/// The APIs a project lists in AdditionalFiles, the way vs-threading reads its API lists: <c>XCall.AllocatingApis.txt</c>,
/// <c>XCall.BlockingApis.txt</c> and <c>XCall.TrustedApis.txt</c>. One entry per line: <c>[Namespace.Type]::Member</c> for a
/// method or property (<c>.ctor</c> for constructors; every overload), or <c>[Namespace.Type]</c> for all of a type's members;
/// nested and generic types by metadata name (<c>[Outer+Inner]</c>, <c>[System.Collections.Generic.List`1]</c>). Lines
/// starting with <c>#</c> and blank lines are ignored, and so is a line that is not an entry.
/// </summary>
internal sealed class ProjectApiLists
{
    private const string WholeType = "";

    private static readonly (string File, ProjectApi Kind)[] s_files =
    {
        ("XCall.AllocatingApis.txt", ProjectApi.Allocating),
        ("XCall.BlockingApis.txt", ProjectApi.Blocking),
        ("XCall.TrustedApis.txt", ProjectApi.Trusted),
    };

    /// <summary>(type metadata name, member name or <see cref="WholeType"/>) → what the project says.</summary>
    private readonly Dictionary<(string Type, string Member), ProjectApi> _entries = new();

    public static ProjectApiLists Read(ImmutableArray<AdditionalText> files, CancellationToken cancellation)
    {
        var lists = new ProjectApiLists();
        foreach (AdditionalText file in files)
        {
            int kind = Array.FindIndex(s_files, known => string.Equals(Path.GetFileName(file.Path), known.File, StringComparison.OrdinalIgnoreCase));
            if (kind < 0 || file.GetText(cancellation) is not { } text) continue;
            foreach (var line in text.Lines)
            {
                if (Parse(line.ToString().Trim()) is { } entry) lists.Add(entry, s_files[kind].Kind);
            }
        }
        return lists;
    }

    /// <summary>What the project says about <paramref name="member"/> (or a member it overrides), if anything; trusting wins.</summary>
    public ProjectApi? Find(ISymbol member)
    {
        if (_entries.Count == 0) return null;
        ProjectApi? found = null;
        for (ISymbol? current = member; current is not null; current = LibraryApis.Overridden(current))
        {
            string type = MetadataName(current.ContainingType.OriginalDefinition);
            foreach (string name in new[] { current.Name, WholeType })
            {
                if (!_entries.TryGetValue((type, name), out ProjectApi kind)) continue;
                if (kind == ProjectApi.Trusted) return kind;
                found ??= kind;
            }
        }
        return found;
    }

    private void Add((string Type, string Member) entry, ProjectApi kind)
    {
        // Trusting an API wins over listing it as allocating or blocking, whatever the order of the files.
        if (!_entries.TryGetValue(entry, out ProjectApi existing) || existing != ProjectApi.Trusted) _entries[entry] = kind;
    }

    /// <summary><c>[Type]::Member</c> or <c>[Type]</c>, or null for a comment, a blank line or anything else.</summary>
    private static (string Type, string Member)? Parse(string line)
    {
        if (!line.StartsWith("[", StringComparison.Ordinal)) return null;
        int close = line.IndexOf(']');
        if (close <= 1) return null;
        string type = line.Substring(1, close - 1).Trim();
        string rest = line.Substring(close + 1).Trim();
        if (rest.Length == 0) return (type, WholeType);
        return rest.StartsWith("::", StringComparison.Ordinal) && rest.Length > 2 ? (type, rest.Substring(2).Trim()) : null;
    }

    /// <summary><c>Namespace.Outer+Inner`1</c>, as the entries name types.</summary>
    private static string MetadataName(INamedTypeSymbol type)
    {
        string name = type.MetadataName;
        for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType) name = outer.MetadataName + "+" + name;
        string ns = type.ContainingNamespace is { IsGlobalNamespace: false } containing ? containing.ToDisplayString() + "." : "";
        return ns + name;
    }
}
