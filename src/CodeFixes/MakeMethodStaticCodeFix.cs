using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace XCall.CodeFixes;

/// <summary>XC0001: makes the handler static (if it used instance state, the compiler now says where).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakeMethodStaticCodeFix)), Shared]
public sealed class MakeMethodStaticCodeFix() : AddModifierCodeFix<MethodDeclarationSyntax>("XC0001", DeclarationModifiers.Static, "static");
