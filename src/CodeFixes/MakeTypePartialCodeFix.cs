using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace XCall.CodeFixes;

/// <summary>XC0004: makes the type partial, so the generator can add the senders. FixAll makes every type around a handler partial.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakeTypePartialCodeFix)), Shared]
public sealed class MakeTypePartialCodeFix() : AddModifierCodeFix<TypeDeclarationSyntax>("XC0004", DeclarationModifiers.Partial, "partial");
