using System.Collections.Generic;
using Microsoft.CodeAnalysis.CSharp;

namespace XCall.Generator;

/// <summary>Small rules for the names the generator writes.</summary>
internal static class Identifiers
{
    /// <summary><paramref name="name"/> as C# source: keywords get an <c>@</c>.</summary>
    public static string Escape(string name) => SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None ? name : "@" + name;

    /// <summary><paramref name="candidate"/>, with underscores appended until it is not in <paramref name="taken"/>.</summary>
    public static string Unique(string candidate, ICollection<string> taken)
    {
        while (taken.Contains(candidate)) candidate += "_";
        return candidate;
    }
}
