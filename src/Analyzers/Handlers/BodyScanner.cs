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
    private readonly ISymbol _member;
    private readonly bool _staticMethodGroupsCached;
    private readonly List<Finding> _findings = new();
    private readonly List<CallSite> _calls = new();
    private readonly HashSet<IMethodSymbol> _iterators = new(SymbolEqualityComparer.Default);

    /// <summary>
    /// The innermost function being walked: the member, a local function or a lambda (where a <c>yield</c> belongs); null in a
    /// field or property initializer.
    /// </summary>
    private IMethodSymbol? _function;

    private BodyScanner(ScanContext context, ISymbol member, bool staticMethodGroupsCached)
    {
        _context = context;
        _member = member;
        _function = member as IMethodSymbol;
        _staticMethodGroupsCached = staticMethodGroupsCached;
    }

    /// <summary>
    /// Scans the body of <paramref name="member"/>: a method, or an instance field or property whose initializer is
    /// <paramref name="blocks"/> (it runs in the type's constructors, which call it).
    /// </summary>
    public static MemberFacts Scan(ISymbol member, ImmutableArray<IOperation> blocks, ScanContext context, bool generated)
    {
        // C# 11 caches delegates for static method groups, as it always did for non-capturing lambdas.
        bool cached = blocks.FirstOrDefault()?.Syntax.SyntaxTree.Options is CSharpParseOptions { LanguageVersion: >= LanguageVersion.CSharp11 };
        var scanner = new BodyScanner(context, member, cached);
        // Attribute arguments and parameter defaults are operation blocks too, but not code that runs in the body.
        IOperation[] body = blocks.Where(block => block is not (IAttributeOperation or IParameterInitializerOperation)).ToArray();
        // An async handler is a declaration error (the generator skips it); its state machine is not reported twice.
        if (member is IMethodSymbol { IsAsync: true } method && !context.Symbols.IsHandler(method))
            scanner.StateMachine("Async method", method.Name, AsyncKeyword(body.FirstOrDefault()?.Syntax.FirstAncestorOrSelf<MethodDeclarationSyntax>()));
        if (member is IMethodSymbol { MethodKind: MethodKind.Constructor } constructor && !CallsOwnConstructor(body))
            scanner.Initializers(constructor);
        foreach (IOperation block in body) scanner.Visit(block);
        return new MemberFacts(scanner._findings.ToImmutableArray(), scanner._calls.ToImmutableArray(), generated);
    }

    /// <summary>
    /// What a constructor the compiler wrote runs: the field and property initializers, then the base class's parameterless
    /// constructor. Structs' implicit constructors run nothing (<c>new S()</c> is the default value).
    /// </summary>
    public static MemberFacts ImplicitConstructor(IMethodSymbol constructor, ScanContext context)
    {
        var scanner = new BodyScanner(context, constructor, staticMethodGroupsCached: true);
        if (constructor.ContainingType.TypeKind == TypeKind.Class)
        {
            scanner.Initializers(constructor);
            IMethodSymbol? baseConstructor = constructor.ContainingType.BaseType?.InstanceConstructors.FirstOrDefault(c => c.Parameters.IsEmpty);
            if (constructor.ContainingType.Locations.FirstOrDefault() is { } at) scanner.Call(baseConstructor, at);
        }
        return new MemberFacts(ImmutableArray<Finding>.Empty, scanner._calls.ToImmutableArray(), Generated: false);
    }

    /// <summary>
    /// Whether a constructor starts with <c>: this(…)</c>, which runs the initializers instead. The initializer comes as an
    /// operation block of its own, or inside the constructor's body operation.
    /// </summary>
    private static bool CallsOwnConstructor(IEnumerable<IOperation> body) =>
        body.Select(block => block is IConstructorBodyOperation constructor ? constructor.Initializer : block)
            .Select(block => block is IExpressionStatementOperation statement ? statement.Operation : block)
            .Any(block => block is IInvocationOperation
            {
                TargetMethod: { MethodKind: MethodKind.Constructor } target, Instance: IInstanceReferenceOperation instance,
            } && SymbolEqualityComparer.Default.Equals(target.ContainingType, instance.Type));

    /// <summary>A constructor calls each instance field and property initializer of its type (they are scanned as their own nodes).</summary>
    private void Initializers(IMethodSymbol constructor)
    {
        if (constructor.Locations.FirstOrDefault() is not { } at) return;
        foreach (ISymbol initialized in _context.InstanceInitializers(constructor.ContainingType))
            _calls.Add(new CallSite(initialized, at));
    }

    /// <summary>The call-graph node of a method: local functions and lambdas belong to their member; generic uses to the definition.</summary>
    public static ISymbol NodeOf(IMethodSymbol method)
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
            case IArrayCreationOperation creation:
                ArrayCreation(creation);
                break;
            case IArrayElementReferenceOperation { Type: { } type } element when element.Indices.Any(index => _context.IsRange(index.Type)):
                Add(XCallDiagnostics.ObjectAllocation, operation.Syntax.GetLocation(), $"Range '{Code(operation.Syntax.GetLocation())}'", Display(type));
                break;
            case IImplicitIndexerReferenceOperation indexer:
                ImplicitIndexer(indexer);
                break;
            case IListPatternOperation list:
                Use(list.LengthSymbol, null, operation.Syntax);
                Use(list.IndexerSymbol, null, operation.Syntax);
                break;
            case ISlicePatternOperation { Pattern: not (null or IDiscardPatternOperation) } slice:
                SlicePattern(slice);
                break;
            case IRecursivePatternOperation { DeconstructSymbol: { } deconstruct }:
                Use(deconstruct, null, operation.Syntax);
                break;
            case IDeconstructionAssignmentOperation { Syntax: AssignmentExpressionSyntax assignment } when operation.SemanticModel is { } model:
                Deconstruction(model.GetDeconstructionInfo(assignment), assignment.GetLocation());
                break;
            case IFunctionPointerInvocationOperation pointer:
                foreach (IMethodSymbol target in FunctionPointerTargets(pointer.Target, depth: 0)) Use(target, null, operation.Syntax);
                break;
            case IUsingOperation { IsAsynchronous: false } @using:
                Dispose(@using.Resources, Header(operation.Syntax));
                break;
            case IUsingDeclarationOperation { IsAsynchronous: false } declaration:
                Dispose(declaration.DeclarationGroup, operation.Syntax.GetLocation());
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
            case IReturnOperation { Kind: OperationKind.YieldReturn or OperationKind.YieldBreak } when _function is { } iterator:
                if (_iterators.Add(iterator)) StateMachine("Iterator", iterator.Name, iterator.Locations.FirstOrDefault());
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
                if (IsDelegateCombination(binary)) CombinedDelegates(binary);
                break;
            case ICompoundAssignmentOperation compound:
                Call(compound.OperatorMethod, operation.Syntax);
                if (IsStringConcatenation(compound)) StringBuilding(compound);
                if (IsDelegateCombination(compound)) CombinedDelegates(compound);
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
                EventAssignment(assignment, reference.Event);
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
        // A struct that does not override ToString/GetHashCode/Equals is boxed to call object's. The JIT calls an enum's
        // GetHashCode without boxing (0 bytes measured), not its Equals (48 bytes).
        if (invocation.Instance?.Type is { IsValueType: true } receiver && !target.IsStatic
            && target.ContainingType.SpecialType is SpecialType.System_Object or SpecialType.System_ValueType or SpecialType.System_Enum
            && target.Name is "ToString" or "GetHashCode" or "Equals"
            && !(target.ContainingType.SpecialType == SpecialType.System_Enum && target.Name == "GetHashCode"))
            Add(XCallDiagnostics.Boxing, invocation.Syntax.GetLocation(), $"Call to '{Display(target)}'", Display(receiver));
        Use(target, invocation.Instance?.Type, invocation.Syntax);
    }

    private void ObjectCreation(IObjectCreationOperation creation)
    {
        if (creation.Constructor is { } constructor)
        {
            Arguments(creation.Arguments, constructor, creation.Syntax);
            Use(constructor, null, creation.Syntax);
        }
        if (creation.Type is { IsReferenceType: true } type)
            Add(XCallDiagnostics.ObjectAllocation, creation.Syntax.GetLocation(), "'new'", Display(type));
    }

    /// <summary>Arguments that fill a <c>params</c> array (or collection) are allocated on each call, unless none are passed.</summary>
    private void Arguments(ImmutableArray<IArgumentOperation> arguments, ISymbol target, SyntaxNode call)
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
        IMethodSymbol? outer = _function;
        _function = symbol;
        foreach (IOperation child in function.ChildOperations) Visit(child);
        _function = outer;
    }

    private void ForEach(IForEachLoopOperation loop)
    {
        IOperation collection = loop.Collection;
        while (collection is IConversionOperation { IsImplicit: true } conversion) collection = conversion.Operand;
        if (collection.Type is IArrayTypeSymbol || collection.Type?.SpecialType == SpecialType.System_String || _context.IsSpan(collection.Type))
        {
            // Lowered to an index loop; only a deconstructed element still calls Deconstruct.
            if (loop.Syntax is ForEachVariableStatementSyntax variables && loop.SemanticModel is { } indexed)
                Deconstruction(indexed.GetDeconstructionInfo(variables), Header(variables));
            return;
        }

        if (loop.Syntax is not CommonForEachStatementSyntax syntax || loop.SemanticModel is not { } model) return;
        ForEachStatementInfo info = model.GetForEachStatementInfo(syntax);
        Location header = Header(syntax);
        Use(info.GetEnumeratorMethod, collection.Type, header);
        Use(info.MoveNextMethod, null, header);
        Use(info.CurrentProperty, null, header);
        if (!loop.IsAsynchronous) Use(info.DisposeMethod, null, header);
        if (syntax is ForEachVariableStatementSyntax deconstructed) Deconstruction(model.GetDeconstructionInfo(deconstructed), header);
        if (info.GetEnumeratorMethod?.ReturnType is { IsReferenceType: true } enumerator)
            Add(XCallDiagnostics.EnumeratorAllocation, header, Code(collection.Syntax.GetLocation()), Display(enumerator));
    }

    private void Conversion(IConversionOperation conversion)
    {
        Call(conversion.OperatorMethod, conversion.Syntax);
        if (conversion.Language == LanguageNames.CSharp && conversion.GetConversion().IsBoxing
            && conversion.Operand.Type is { } from && conversion.Type is { } to
            && !IsStringConcatenation(conversion.Parent) // the concatenation is reported as a whole
            && !InHasFlag(conversion))
            Add(XCallDiagnostics.Boxing, conversion.Syntax.GetLocation(), $"Conversion to '{Display(to)}'", Display(from));
    }

    private void Property(IPropertyReferenceOperation reference)
    {
        bool assigned = reference.Parent is IAssignmentOperation assignment && assignment.Target == reference
            || reference.Parent is IIncrementOrDecrementOperation;
        bool read = !(reference.Parent is ISimpleAssignmentOperation simple && simple.Target == reference);
        if (read) Call(reference.Property.GetMethod, reference.Syntax);
        if (assigned) Call(reference.Property.SetMethod, reference.Syntax);
        Arguments(reference.Arguments, reference.Property, reference.Syntax); // a params indexer
        Library(reference.Property, reference.Instance?.Type, reference.Syntax);
    }

    /// <summary>
    /// An array. Not reported: a params array (the call is), and an array of constants of a primitive type turned into a
    /// <c>ReadOnlySpan&lt;T&gt;</c>, which the compiler points at static data (0 bytes measured, see docs/diagnostics/XC1006.md).
    /// </summary>
    private void ArrayCreation(IArrayCreationOperation creation)
    {
        if (creation.Parent is IArgumentOperation { ArgumentKind: ArgumentKind.ParamArray } || IsStaticData(creation) || creation.Type is not { } type) return;
        Add(XCallDiagnostics.ObjectAllocation, creation.Syntax.GetLocation(), "Array creation", Display(type));
    }

    private bool IsStaticData(IArrayCreationOperation creation) =>
        creation.Parent is IConversionOperation { Type: var target } && _context.IsReadOnlySpan(target)
        && creation is { Initializer: { } initializer, Type: IArrayTypeSymbol { Rank: 1, ElementType: var element } }
        && (element.SpecialType is SpecialType.System_Boolean or SpecialType.System_Byte or SpecialType.System_SByte
            || (_context.HasCreateSpan && (element.TypeKind == TypeKind.Enum || element.SpecialType is SpecialType.System_Char
                or SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Int32 or SpecialType.System_UInt32
                or SpecialType.System_Int64 or SpecialType.System_UInt64 or SpecialType.System_Single or SpecialType.System_Double)))
        && initializer.ElementValues.All(value => value.ConstantValue.HasValue);

    /// <summary><c>s[..n]</c>, <c>list[^1]</c>: the compiler calls a <c>Slice</c> or <c>Substring</c> method, or <c>Length</c> and an indexer.</summary>
    private void ImplicitIndexer(IImplicitIndexerReferenceOperation indexer)
    {
        ITypeSymbol? receiver = indexer.Instance.Type;
        Use(indexer.LengthSymbol, receiver, indexer.Syntax);
        Use(indexer.IndexerSymbol, receiver, indexer.Syntax);
    }

    /// <summary><c>[_, .. var rest]</c> slices the input (an array slice is a new array); <c>.. _</c> does not.</summary>
    private void SlicePattern(ISlicePatternOperation slice)
    {
        if (slice.SliceSymbol is { } symbol) Use(symbol, slice.InputType, slice.Syntax);
        else if (slice.InputType is IArrayTypeSymbol array)
            Add(XCallDiagnostics.ObjectAllocation, slice.Syntax.GetLocation(), $"Slice pattern '{Code(slice.Syntax.GetLocation())}'", Display(array));
    }

    /// <summary>Every <c>Deconstruct</c> a deconstruction calls, nested ones included.</summary>
    private void Deconstruction(DeconstructionInfo info, Location at)
    {
        Use(info.Method, null, at);
        foreach (DeconstructionInfo nested in info.Nested) Deconstruction(nested, at);
    }

    /// <summary>The methods a <c>delegate*</c> may call, when they are known: <c>&amp;M</c>, or a local or readonly field only ever set to such.</summary>
    private static IEnumerable<IMethodSymbol> FunctionPointerTargets(IOperation target, int depth)
    {
        while (target is IConversionOperation conversion) target = conversion.Operand;
        switch (target)
        {
            case IAddressOfOperation { Reference: IMethodReferenceOperation method }:
                return new[] { method.Method };
            case ILocalReferenceOperation local when depth < 4:
                IOperation root = target;
                while (root.Parent is { } parent) root = parent;
                return root.Descendants().SelectMany(operation => operation switch
                {
                    IVariableDeclaratorOperation { Initializer.Value: var value } declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local.Local)
                        => FunctionPointerTargets(value, depth + 1),
                    ISimpleAssignmentOperation { Target: ILocalReferenceOperation assigned, Value: var value } when SymbolEqualityComparer.Default.Equals(assigned.Local, local.Local)
                        => FunctionPointerTargets(value, depth + 1),
                    _ => Enumerable.Empty<IMethodSymbol>(),
                }).ToArray();
            case IFieldReferenceOperation { Field: { IsReadOnly: true } field } when depth < 4 && target.SemanticModel is { } model:
                // A readonly field set where it is declared (in this file: the semantic model at hand covers only this file).
                return field.DeclaringSyntaxReferences
                    .Select(reference => reference.GetSyntax())
                    .OfType<VariableDeclaratorSyntax>()
                    .Where(declarator => declarator.SyntaxTree == model.SyntaxTree && declarator.Initializer is not null)
                    .SelectMany(declarator => model.GetOperation(declarator.Initializer!.Value) is { } value ? FunctionPointerTargets(value, depth + 1) : Enumerable.Empty<IMethodSymbol>())
                    .ToArray();
            default:
                return Enumerable.Empty<IMethodSymbol>();
        }
    }

    /// <summary>The <c>Dispose</c> the end of a <c>using</c> calls, for each resource it declares or takes.</summary>
    private void Dispose(IOperation resources, Location at)
    {
        IEnumerable<ITypeSymbol?> types = resources is IVariableDeclarationGroupOperation group
            ? group.Declarations.SelectMany(declaration => declaration.Declarators).Select(declarator => (ITypeSymbol?)declarator.Symbol.Type)
            : new[] { resources.Type };
        foreach (ITypeSymbol? type in types)
        {
            if (type is not null && _context.DisposeOf(type) is { } dispose) Use(dispose, type, at);
        }
    }

    /// <summary>
    /// <c>x.Changed += h</c>: an event with accessors of its own calls them; a field-like or library event combines delegates
    /// (Delegate.Combine/Remove: 80 bytes with one handler already there, see docs/diagnostics/XC1006.md).
    /// </summary>
    private void EventAssignment(IEventAssignmentOperation assignment, IEventSymbol @event)
    {
        IMethodSymbol? accessor = assignment.Adds ? @event.AddMethod : @event.RemoveMethod;
        if (accessor is { IsImplicitlyDeclared: false } && _context.InCompilation(accessor)) Call(accessor, assignment.Syntax);
        else CombinedDelegates(assignment);
    }

    private void CombinedDelegates(IOperation operation)
    {
        Location location = operation.Syntax.GetLocation();
        ITypeSymbol? type = operation is IEventAssignmentOperation { EventReference.Type: var eventType } ? eventType : operation.Type;
        if (type is not null)
            Add(XCallDiagnostics.ObjectAllocation, location, $"Combining delegates with '{Code(location)}'", Display(type.WithNullableAnnotation(NullableAnnotation.NotAnnotated)));
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

    /// <summary>A use of a member the compiler may call for the code: a method, an accessor of a property, or nothing.</summary>
    private void Use(ISymbol? member, ITypeSymbol? receiver, SyntaxNode at) => Use(member, receiver, at.GetLocation());

    private void Use(ISymbol? member, ITypeSymbol? receiver, Location at)
    {
        switch (member)
        {
            case IMethodSymbol method:
                Call(method, at);
                Library(method, receiver, at);
                break;
            case IPropertySymbol property:
                Call(property.GetMethod, at);
                Library(property, receiver, at);
                break;
        }
    }

    /// <summary>A call: an edge when the target has source in this compilation (its body is scanned too), unless the project trusts it.</summary>
    private void Call(IMethodSymbol? target, SyntaxNode at) => Call(target, at.GetLocation());

    private void Call(IMethodSymbol? target, Location at)
    {
        if (target is null || !_context.InCompilation(target) || _context.Library.IsTrusted(target.AssociatedSymbol ?? target)) return;
        ISymbol node = NodeOf(target);
        if (!SymbolEqualityComparer.Default.Equals(node, _member)) _calls.Add(new CallSite(node, at));
    }

    /// <summary>A use of a member the built-in list or the project's lists know to allocate or block.</summary>
    private void Library(ISymbol member, ITypeSymbol? receiver, SyntaxNode use) => Library(member, receiver, use.GetLocation());

    private void Library(ISymbol member, ITypeSymbol? receiver, Location use)
    {
        if (_context.Library.Find(member, receiver, _context.InCompilation(member)) is { } rule)
        {
            string name = Display(member);
            _findings.Add(new Finding(rule, use, new object[] { name }, name)); // a chain names the member, not its arguments
        }
    }

    private void Add(DiagnosticDescriptor rule, Location location, params object[] arguments) =>
        _findings.Add(new Finding(rule, location, arguments, Code(location)));

    /// <summary><c>a + b</c> or <c>a += b</c> (or <c>-</c>) on delegates: Delegate.Combine or Remove.</summary>
    private static bool IsDelegateCombination(IOperation operation) => operation switch
    {
        IBinaryOperation { OperatorKind: BinaryOperatorKind.Add or BinaryOperatorKind.Subtract, Type.TypeKind: TypeKind.Delegate } => true,
        ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Add or BinaryOperatorKind.Subtract, Type.TypeKind: TypeKind.Delegate } => true,
        _ => false,
    };

    /// <summary>The boxing of an enum for <c>Enum.HasFlag</c>, receiver or argument: the JIT removes it (0 bytes measured).</summary>
    private static bool InHasFlag(IConversionOperation conversion)
    {
        IOperation? call = conversion.Parent is IArgumentOperation argument ? argument.Parent : conversion.Parent;
        return call is IInvocationOperation { TargetMethod: { Name: "HasFlag", ContainingType.SpecialType: SpecialType.System_Enum } };
    }

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

    /// <summary>The header of a lock, using or foreach statement (<c>lock (gate)</c>), not its whole body.</summary>
    private static Location Header(SyntaxNode statement)
    {
        (SyntaxToken first, SyntaxToken last) = statement switch
        {
            LockStatementSyntax lockStatement => (lockStatement.LockKeyword, lockStatement.CloseParenToken),
            UsingStatementSyntax usingStatement => (usingStatement.UsingKeyword, usingStatement.CloseParenToken),
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
