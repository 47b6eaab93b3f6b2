using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace XCall.Analyzers.Handlers;

/// <summary>
/// Walks the operations of one method body — its lambdas and local functions included — and records what allocates or blocks
/// (<see cref="Finding"/>) and every call into the compilation (<see cref="CallSite"/>). Runs on every method, handler or not:
/// the call graph needs them all.
/// </summary>
internal sealed class BodyScanner
{
    private static readonly SymbolDisplayFormat s_format = SymbolDisplayFormat.CSharpShortErrorMessageFormat;
    private const int TailLength = 60;

    private readonly ScanContext _context;
    private readonly IMethodSymbol _member;
    private readonly bool _staticMethodGroupsCached;
    private readonly List<Finding> _findings = new();
    private readonly List<CallSite> _calls = new();
    private readonly HashSet<IMethodSymbol> _iterators = new(SymbolEqualityComparer.Default);

    /// <summary>The innermost function being walked: the member, a local function or a lambda (where a <c>yield</c> belongs).</summary>
    private IMethodSymbol _function;

    private BodyScanner(ScanContext context, IMethodSymbol member, bool staticMethodGroupsCached)
    {
        _context = context;
        _member = member;
        _function = member;
        _staticMethodGroupsCached = staticMethodGroupsCached;
    }

    public static MemberFacts Scan(IMethodSymbol member, ImmutableArray<IOperation> blocks, ScanContext context)
    {
        // C# 11 caches delegates for static method groups, as it always did for non-capturing lambdas.
        bool cached = blocks.FirstOrDefault()?.Syntax.SyntaxTree.Options is CSharpParseOptions { LanguageVersion: >= LanguageVersion.CSharp11 };
        var scanner = new BodyScanner(context, member, cached);
        // Attribute arguments and parameter defaults are operation blocks too, but not code that runs in the body.
        IOperation[] body = blocks.Where(block => block is not (IAttributeOperation or IParameterInitializerOperation)).ToArray();
        if (member.IsAsync) scanner.StateMachine("Async method", member.Name, AsyncKeyword(body.FirstOrDefault()?.Syntax.FirstAncestorOrSelf<MethodDeclarationSyntax>()));
        foreach (IOperation block in body) scanner.Visit(block);
        return new MemberFacts(scanner._findings.ToImmutableArray(), scanner._calls.ToImmutableArray());
    }

    /// <summary>The call-graph node of a method: local functions and lambdas belong to their member; generic uses to the definition.</summary>
    public static IMethodSymbol NodeOf(IMethodSymbol method)
    {
        while (method.MethodKind is MethodKind.LocalFunction or MethodKind.AnonymousFunction && method.ContainingSymbol is IMethodSymbol outer)
            method = outer;
        method = (method.ReducedFrom ?? method).OriginalDefinition;
        return method.PartialDefinitionPart ?? method;
    }

    private void Visit(IOperation operation)
    {
        if (operation.ConstantValue.HasValue) return; // constants, nameof, constant concatenation: nothing runs
        if (operation.Syntax is CollectionExpressionSyntax collection && operation.Parent?.Syntax != collection)
            CollectionExpression(operation, collection);

        switch (operation)
        {
            case IThrowOperation:
                return; // the failure path may allocate
            case IInvocationOperation invocation when DoesNotReturn(invocation.TargetMethod):
                return; // a throw helper: the failure path again
            case IInvocationOperation invocation:
                Invocation(invocation);
                break;
            case IObjectCreationOperation creation:
                ObjectCreation(creation);
                break;
            case ITypeParameterObjectCreationOperation { Type: ITypeParameterSymbol { HasReferenceTypeConstraint: true } type }:
                Add(XCallDiagnostics.ObjectAllocation, operation.Syntax.GetLocation(), "'new'", Display(type));
                break;
            case IArrayCreationOperation { IsImplicit: false, Type: { } type }: // implicit arrays are params arrays, reported with the call
                Add(XCallDiagnostics.ObjectAllocation, operation.Syntax.GetLocation(), "Array creation", Display(type));
                break;
            case IAnonymousObjectCreationOperation { Type: { } type }:
                Add(XCallDiagnostics.ObjectAllocation, operation.Syntax.GetLocation(), "Anonymous object creation", Display(type));
                break;
            case IWithOperation { Type: { IsReferenceType: true } type }:
                Add(XCallDiagnostics.ObjectAllocation, operation.Syntax.GetLocation(), "'with'", Display(type));
                break;
            case IDelegateCreationOperation creation:
                DelegateCreation(creation);
                break;
            case IAnonymousFunctionOperation function:
                Function(function, function.Symbol, "Async lambda", Code(function.Syntax.GetLocation()));
                return;
            case ILocalFunctionOperation local:
                Function(local, local.Symbol, "Async local function", local.Symbol.Name);
                return;
            case IReturnOperation { Kind: OperationKind.YieldReturn or OperationKind.YieldBreak }:
                if (_iterators.Add(_function)) StateMachine("Iterator", _function.Name, _function.Locations.FirstOrDefault());
                break;
            case IForEachLoopOperation loop:
                ForEach(loop);
                break;
            case ILockOperation:
                Add(XCallDiagnostics.LockWait, Header(operation.Syntax), Code(Header(operation.Syntax)));
                break;
            case IBinaryOperation binary:
                Call(binary.OperatorMethod, operation.Syntax);
                if (IsStringConcatenation(binary) && !IsStringConcatenation(binary.Parent)) StringBuilding(binary); // a + b + c is one string
                break;
            case ICompoundAssignmentOperation compound:
                Call(compound.OperatorMethod, operation.Syntax);
                if (IsStringConcatenation(compound)) StringBuilding(compound);
                break;
            case IInterpolatedStringOperation when operation.Parent is not IInterpolatedStringHandlerCreationOperation:
                StringBuilding(operation); // a custom handler (TryWrite, AppendFormatted) writes into the caller's buffer
                break;
            case IConversionOperation conversion:
                Conversion(conversion);
                break;
            case IPropertyReferenceOperation property:
                Property(property);
                break;
            case IEventAssignmentOperation { EventReference: IEventReferenceOperation reference } assignment:
                Call(assignment.Adds ? reference.Event.AddMethod : reference.Event.RemoveMethod, operation.Syntax);
                break;
            case IUnaryOperation unary:
                Call(unary.OperatorMethod, operation.Syntax);
                break;
            case IIncrementOrDecrementOperation increment:
                Call(increment.OperatorMethod, operation.Syntax);
                break;
        }

        foreach (IOperation child in operation.ChildOperations) Visit(child);
    }

    private void Invocation(IInvocationOperation invocation)
    {
        IMethodSymbol target = invocation.TargetMethod;
        Arguments(invocation.Arguments, target, invocation.Syntax);
        // A struct that does not override ToString/GetHashCode/Equals is boxed to call object's.
        if (invocation.Instance?.Type is { IsValueType: true } receiver && !target.IsStatic
            && target.ContainingType.SpecialType is SpecialType.System_Object or SpecialType.System_ValueType or SpecialType.System_Enum
            && target.Name is "ToString" or "GetHashCode" or "Equals")
            Add(XCallDiagnostics.Boxing, invocation.Syntax.GetLocation(), $"Call to '{Display(target)}'", Display(receiver));
        Call(target, invocation.Syntax);
        Library(target, invocation.Instance, invocation.Syntax);
    }

    private void ObjectCreation(IObjectCreationOperation creation)
    {
        if (creation.Constructor is { } constructor)
        {
            Arguments(creation.Arguments, constructor, creation.Syntax);
            Call(constructor, creation.Syntax);
            Library(constructor, null, creation.Syntax);
        }
        if (creation.Type is { IsReferenceType: true } type)
            Add(XCallDiagnostics.ObjectAllocation, creation.Syntax.GetLocation(), "'new'", Display(type));
    }

    /// <summary>Arguments that fill a <c>params</c> array (or collection) are allocated on each call, unless none are passed.</summary>
    private void Arguments(ImmutableArray<IArgumentOperation> arguments, IMethodSymbol target, SyntaxNode call)
    {
        foreach (IArgumentOperation argument in arguments)
        {
            if (argument.Parameter is not { IsParams: true } parameter || argument.ArgumentKind is ArgumentKind.Explicit or ArgumentKind.DefaultValue)
                continue;
            if (parameter.Type.IsRefLikeType) continue; // params Span<T>/ReadOnlySpan<T> live on the caller's stack
            int count = argument.Value is IArrayCreationOperation array
                ? array.Initializer?.ElementValues.Length ?? 0
                : argument.Value.ChildOperations.Count; // a params collection: its elements
            if (count == 0 && parameter.Type is IArrayTypeSymbol) continue; // Array.Empty<T>()
            Add(XCallDiagnostics.ParamsArray, call.GetLocation(), Display(target), count);
        }
    }

    private void DelegateCreation(IDelegateCreationOperation creation)
    {
        string? what = creation.Target switch
        {
            IAnonymousFunctionOperation lambda => Captures.FirstOf(lambda) is { } captured ? $"Lambda capturing '{captured}'" : null,
            IMethodReferenceOperation { Method: { MethodKind: MethodKind.LocalFunction } local } => local.IsStatic ? null : $"Local function '{local.Name}'",
            IMethodReferenceOperation { Instance: not null } group => $"Method group '{group.Method.Name}'",
            IMethodReferenceOperation group => _staticMethodGroupsCached ? null : $"Method group '{group.Method.Name}'",
            _ => "Delegate creation",
        };
        if (what is not null) Add(XCallDiagnostics.DelegateAllocation, creation.Syntax.GetLocation(), what);
    }

    /// <summary>A lambda or local function: its body runs as part of this member, unless it is vetted itself.</summary>
    private void Function(IOperation function, IMethodSymbol symbol, string asyncKind, string name)
    {
        if (_context.Symbols.IsVetted(symbol)) return;
        if (symbol.IsAsync) StateMachine(asyncKind, name, AsyncKeyword(function.Syntax));
        IMethodSymbol outer = _function;
        _function = symbol;
        foreach (IOperation child in function.ChildOperations) Visit(child);
        _function = outer;
    }

    private void ForEach(IForEachLoopOperation loop)
    {
        IOperation collection = loop.Collection;
        while (collection is IConversionOperation { IsImplicit: true } conversion) collection = conversion.Operand;
        if (collection.Type is IArrayTypeSymbol || collection.Type?.SpecialType == SpecialType.System_String || _context.IsSpan(collection.Type))
            return; // lowered to an index loop

        if (loop.Syntax is not CommonForEachStatementSyntax syntax || loop.SemanticModel is not { } model) return;
        ForEachStatementInfo info = model.GetForEachStatementInfo(syntax);
        Call(info.GetEnumeratorMethod, syntax);
        Call(info.MoveNextMethod, syntax);
        Call(info.CurrentProperty?.GetMethod, syntax);
        if (info.GetEnumeratorMethod?.ReturnType is { IsReferenceType: true } enumerator)
            Add(XCallDiagnostics.EnumeratorAllocation, Header(syntax), Code(collection.Syntax.GetLocation()), Display(enumerator));
    }

    private void Conversion(IConversionOperation conversion)
    {
        Call(conversion.OperatorMethod, conversion.Syntax);
        if (conversion.Language == LanguageNames.CSharp && conversion.GetConversion().IsBoxing
            && conversion.Operand.Type is { } from && conversion.Type is { } to
            && !IsStringConcatenation(conversion.Parent)) // the concatenation is reported as a whole
            Add(XCallDiagnostics.Boxing, conversion.Syntax.GetLocation(), $"Conversion to '{Display(to)}'", Display(from));
    }

    private void Property(IPropertyReferenceOperation reference)
    {
        bool assigned = reference.Parent is IAssignmentOperation assignment && assignment.Target == reference
            || reference.Parent is IIncrementOrDecrementOperation;
        bool read = !(reference.Parent is ISimpleAssignmentOperation simple && simple.Target == reference);
        if (read) Call(reference.Property.GetMethod, reference.Syntax);
        if (assigned) Call(reference.Property.SetMethod, reference.Syntax);
        Library(reference.Property, reference.Instance, reference.Syntax);
    }

    private void CollectionExpression(IOperation operation, CollectionExpressionSyntax syntax)
    {
        if (operation.Type is not { } type) return;
        bool spread = syntax.Elements.Any(element => element is SpreadElementSyntax);
        if (_context.IsSpan(type))
        {
            // Inline on the stack, unless a spread makes the length unknown: then the compiler allocates an array.
            if (spread && type is INamedTypeSymbol { TypeArguments.Length: 1 } span)
                Add(XCallDiagnostics.CollectionExpressionAllocation, syntax.GetLocation(), Display(span.TypeArguments[0]) + "[]");
            return;
        }
        if (syntax.Elements.Count == 0 && (type is IArrayTypeSymbol || _context.IsReadOnlyInterface(type))) return; // Array.Empty<T>()
        Add(XCallDiagnostics.CollectionExpressionAllocation, syntax.GetLocation(), Display(type));
    }

    private void StringBuilding(IOperation operation)
    {
        Location location = operation.Syntax.GetLocation();
        Add(XCallDiagnostics.StringAllocation, location, Code(location));
    }

    private void StateMachine(string kind, string name, Location? location)
    {
        if (location is null) return;
        _findings.Add(new Finding(XCallDiagnostics.StateMachineAllocation, location, new object[] { kind, name }, $"{kind.ToLowerInvariant()} '{name}'"));
    }

    /// <summary>A call: an edge when the target has source in this compilation (its body is scanned too).</summary>
    private void Call(IMethodSymbol? target, SyntaxNode at)
    {
        if (target is null || !_context.InCompilation(target)) return;
        IMethodSymbol node = NodeOf(target);
        if (!SymbolEqualityComparer.Default.Equals(node, _member)) _calls.Add(new CallSite(node, at.GetLocation()));
    }

    /// <summary>A use of a library member that the built-in list knows to allocate or block.</summary>
    private void Library(ISymbol member, IOperation? receiver, SyntaxNode use)
    {
        if (!_context.InCompilation(member) && _context.Library.Find(member, receiver) is { } rule)
        {
            string name = Display(member);
            _findings.Add(new Finding(rule, use.GetLocation(), new object[] { name }, name)); // a chain names the member, not its arguments
        }
    }

    private void Add(DiagnosticDescriptor rule, Location location, params object[] arguments) =>
        _findings.Add(new Finding(rule, location, arguments, Code(location)));

    /// <summary><c>a + b</c> or <c>s += b</c> on strings; <c>s += a + b</c> builds one string.</summary>
    private static bool IsStringConcatenation(IOperation? operation) => operation is
        IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, Type.SpecialType: SpecialType.System_String }
        or ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Add, Type.SpecialType: SpecialType.System_String };

    private static bool DoesNotReturn(IMethodSymbol method) =>
        method.GetAttributes().Any(attribute => attribute.AttributeClass is { Name: "DoesNotReturnAttribute" } type
            && type.ContainingNamespace.ToDisplayString() == "System.Diagnostics.CodeAnalysis");

    private static string Display(ISymbol symbol) => symbol switch
    {
        IMethodSymbol { MethodKind: MethodKind.Constructor } constructor => "new " + constructor.ContainingType.ToDisplayString(s_format),
        IMethodSymbol or IPropertySymbol => symbol.ContainingType.ToDisplayString(s_format) + "." + symbol.Name,
        _ => symbol.ToDisplayString(s_format),
    };

    /// <summary>The source at <paramref name="location"/> on one line, shortened: how findings are named in chains.</summary>
    private static string Code(Location location)
    {
        string source = location.SourceTree?.GetText().ToString(location.SourceSpan) ?? "";
        var text = new StringBuilder(Math.Min(source.Length, TailLength));
        foreach (char c in source)
        {
            if (!char.IsWhiteSpace(c)) text.Append(c);
            else if (text.Length > 0 && text[text.Length - 1] != ' ') text.Append(' ');
            if (text.Length > TailLength) return text.ToString(0, TailLength - 1) + "…";
        }
        return text.ToString();
    }

    /// <summary>The header of a lock or foreach statement (<c>lock (gate)</c>), not its whole body.</summary>
    private static Location Header(SyntaxNode statement)
    {
        (SyntaxToken first, SyntaxToken last) = statement switch
        {
            LockStatementSyntax lockStatement => (lockStatement.LockKeyword, lockStatement.CloseParenToken),
            CommonForEachStatementSyntax loop => (loop.AwaitKeyword.IsKind(SyntaxKind.None) ? loop.ForEachKeyword : loop.AwaitKeyword, loop.CloseParenToken),
            _ => (statement.GetFirstToken(), statement.GetLastToken()),
        };
        return Location.Create(statement.SyntaxTree, TextSpan.FromBounds(first.SpanStart, last.Span.End));
    }

    private static Location? AsyncKeyword(SyntaxNode? function)
    {
        SyntaxToken keyword = function switch
        {
            MethodDeclarationSyntax method => method.Modifiers.FirstOrDefault(m => m.IsKind(SyntaxKind.AsyncKeyword)),
            LocalFunctionStatementSyntax local => local.Modifiers.FirstOrDefault(m => m.IsKind(SyntaxKind.AsyncKeyword)),
            AnonymousFunctionExpressionSyntax lambda => lambda.AsyncKeyword,
            _ => default,
        };
        return keyword.IsKind(SyntaxKind.AsyncKeyword) ? keyword.GetLocation() : function?.GetLocation();
    }
}
