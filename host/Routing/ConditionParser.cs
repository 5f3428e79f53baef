namespace TeleportPlugins.Host.Routing;

/// <summary>
/// Parses and type-checks a condition in one pass (recursive descent over Go's expression grammar, the subset
/// Teleport's predicate parser accepts: <c>|| &amp;&amp; == != !</c>, parentheses, calls, methods, <c>map["key"]</c> and
/// <c>map.key</c>). Identifiers resolve as in Teleport's typical parser: the longest known dotted prefix names a
/// variable, and one more segment indexes a map. Nesting is bounded, so no condition can exhaust the stack.
/// </summary>
internal sealed class ConditionParser
{
    /// <summary>How deeply subexpressions may nest (parentheses, calls, negations) before the condition is refused.</summary>
    public const int MaxDepth = 64;

    /// <summary>The longest condition accepted.</summary>
    public const int MaxLength = 16 * 1024;

    /// <summary>How many binary operators a condition may have: each adds a level to evaluation, so this bounds it too.</summary>
    public const int MaxOperators = 512;

    private readonly List<ConditionToken> _tokens;
    private int _next;
    private int _depth;
    private int _operators;

    private ConditionParser(List<ConditionToken> tokens)
    {
        _tokens = tokens;
    }

    /// <summary>The condition as a boolean expression.</summary>
    /// <exception cref="ConditionSyntaxException">It does not parse or type-check.</exception>
    public static TypedExpression Parse(string condition)
    {
        if (string.IsNullOrWhiteSpace(condition))
        {
            throw new ConditionSyntaxException(0, "empty expression");
        }

        if (condition.Length > MaxLength)
        {
            throw new ConditionSyntaxException(MaxLength, $"the condition is longer than {MaxLength} characters");
        }

        var parser = new ConditionParser(ConditionLexer.Tokenize(condition));
        var expression = parser.ParseOr();
        if (parser.Peek.Kind != ConditionTokenKind.End)
        {
            throw new ConditionSyntaxException(parser.Peek.Position, $"unexpected {Describe(parser.Peek)} after the expression");
        }

        if (expression.Type != ConditionType.Bool)
        {
            throw new ConditionSyntaxException(expression.Position, $"the condition must be true or false, not a {Name(expression.Type)}");
        }

        return expression;
    }

    private ConditionToken Peek => _tokens[_next];

    private static string Name(ConditionType type) => type.ToString().ToLowerInvariant();

    private static string Describe(ConditionToken token) => token.Kind switch
    {
        ConditionTokenKind.End => "end of the condition",
        ConditionTokenKind.String => "string",
        _ => $"'{token.Text}'",
    };

    private TypedExpression ParseOr()
    {
        var left = ParseAnd();
        while (TryTake("||", out var op))
        {
            Count(op);
            var right = ParseAnd();
            left = Logical(left, right, op, or: true);
        }

        return left;
    }

    private TypedExpression ParseAnd()
    {
        var left = ParseComparison();
        while (TryTake("&&", out var op))
        {
            Count(op);
            var right = ParseComparison();
            left = Logical(left, right, op, or: false);
        }

        return left;
    }

    private TypedExpression ParseComparison()
    {
        var left = ParseUnary();
        while (true)
        {
            var token = Peek;
            if (token.Kind == ConditionTokenKind.Symbol && token.Text is "==" or "!=")
            {
                _next++;
                Count(token);
                var right = ParseUnary();
                left = Equality(left, right, token);
                continue;
            }

            if (token.Kind == ConditionTokenKind.Symbol && token.Text is "<" or "<=" or ">" or ">=" or "+" or "-" or "*" or "/" or "%" or "&" or "|" or "^" or "<<" or ">>" or "&^")
            {
                throw new ConditionSyntaxException(token.Position, $"operator '{token.Text}' is not supported");
            }

            return left;
        }
    }

    private TypedExpression ParseUnary()
    {
        var token = Peek;
        if (token.Kind == ConditionTokenKind.Symbol && token.Text == "!")
        {
            _next++;
            Enter(token);
            var operand = ParseUnary();
            _depth--;
            if (operand.Type != ConditionType.Bool)
            {
                throw new ConditionSyntaxException(operand.Position, $"operator '!' needs true or false, not a {Name(operand.Type)}");
            }

            return new TypedExpression(ConditionType.Bool, token.Position, env => !(bool)operand.Evaluate(env));
        }

        if (token.Kind == ConditionTokenKind.Symbol && token.Text is "-" or "+" or "^" or "*" or "&" or "<-")
        {
            throw new ConditionSyntaxException(token.Position, $"operator '{token.Text}' is not supported");
        }

        return ParsePostfix();
    }

    private TypedExpression ParsePostfix()
    {
        var start = Peek;
        TypedExpression? value = null;
        List<string>? path = null;
        string? method = null;
        switch (start.Kind)
        {
            case ConditionTokenKind.Identifier:
                path = [start.Text];
                _next++;
                break;
            case ConditionTokenKind.String:
                _next++;
                var text = start.Text;
                value = new TypedExpression(ConditionType.String, start.Position, _ => text);
                break;
            case ConditionTokenKind.Int:
                _next++;
                var number = long.TryParse(start.Text, System.Globalization.CultureInfo.InvariantCulture, out var parsed)
                    ? parsed
                    : throw new ConditionSyntaxException(start.Position, "integer out of range");
                value = new TypedExpression(ConditionType.Int, start.Position, _ => number);
                break;
            case ConditionTokenKind.Symbol when start.Text == "(":
                _next++;
                Enter(start);
                value = ParseOr();
                _depth--;
                Expect(")");
                break;
            default:
                throw new ConditionSyntaxException(start.Position, $"unexpected {Describe(start)}");
        }

        while (true)
        {
            var token = Peek;
            if (token.Kind != ConditionTokenKind.Symbol)
            {
                break;
            }

            if (token.Text == ".")
            {
                _next++;
                var name = Peek;
                if (name.Kind != ConditionTokenKind.Identifier)
                {
                    throw new ConditionSyntaxException(name.Position, $"expected a name after '.', found {Describe(name)}");
                }

                _next++;
                if (method is not null)
                {
                    throw new ConditionSyntaxException(name.Position, $"method '{method}' must be called");
                }

                if (path is not null)
                {
                    path.Add(name.Text);
                }
                else
                {
                    method = name.Text;
                }
            }
            else if (token.Text == "[")
            {
                _next++;
                Enter(token);
                var key = ParseOr();
                _depth--;
                Expect("]");
                var map = Settle(ref path, ref value, method, start.Position);
                value = Index(map, key);
            }
            else if (token.Text == "(")
            {
                _next++;
                Enter(token);
                var arguments = ParseArguments();
                _depth--;
                value = Call(ref path, value, method, arguments, start.Position);
                method = null;
            }
            else
            {
                break;
            }
        }

        return Settle(ref path, ref value, method, start.Position);
    }

    private List<TypedExpression> ParseArguments()
    {
        var arguments = new List<TypedExpression>();
        if (TryTake(")", out _))
        {
            return arguments;
        }

        while (true)
        {
            arguments.Add(ParseOr());
            if (TryTake(")", out _))
            {
                return arguments;
            }

            if (!TryTake(",", out var found))
            {
                throw new ConditionSyntaxException(found.Position, $"expected ',' or ')', found {Describe(found)}");
            }

            // Go allows a trailing comma before the closing parenthesis.
            if (TryTake(")", out _))
            {
                return arguments;
            }
        }
    }

    /// <summary>A call of a function named by <paramref name="path"/>, or of a method on a path or value.</summary>
    private static TypedExpression Call(ref List<string>? path, TypedExpression? value, string? method, List<TypedExpression> arguments, int position)
    {
        if (path is not null)
        {
            var name = string.Join('.', path);
            if (ConditionLibrary.Functions.TryGetValue(name, out var function))
            {
                path = null;
                return Apply(name, function, arguments, position);
            }

            if (path.Count > 1 && ConditionLibrary.Methods.TryGetValue(path[^1], out var byPath))
            {
                var receiver = Resolve(path[..^1], position);
                var named = path[^1];
                path = null;
                return Apply(named, byPath, [receiver, .. arguments], position);
            }

            throw new ConditionSyntaxException(position, $"unknown function '{name}'");
        }

        if (method is null)
        {
            throw new ConditionSyntaxException(value!.Position, "only functions and methods can be called");
        }

        return ConditionLibrary.Methods.TryGetValue(method, out var overloads)
            ? Apply(method, overloads, [value!, .. arguments], position)
            : throw new ConditionSyntaxException(position, $"unknown method '{method}'");
    }

    private static TypedExpression Apply(string name, ConditionFunction[] overloads, List<TypedExpression> arguments, int position)
    {
        var types = arguments.ConvertAll(a => a.Type);
        var function = overloads.FirstOrDefault(f => f.Accepts(types))
            ?? throw new ConditionSyntaxException(position,
                $"{name} cannot take ({string.Join(", ", types.Select(Name))}); it takes {string.Join(" or ", overloads.Select(o => o.Describe(name)))}");
        if (name == "regexp.match" && arguments[1] is { } pattern && IsLiteral(pattern, out var literal)
            && ConditionLibrary.CheckPattern(literal) is { } problem)
        {
            throw new ConditionSyntaxException(pattern.Position, problem);
        }

        var evaluators = arguments.ConvertAll(a => a.Evaluate);
        return new TypedExpression(function.Result, position, env =>
        {
            var values = new object[evaluators.Count];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = evaluators[i](env);
            }

            return function.Invoke(values);
        });
    }

    private static bool IsLiteral(TypedExpression expression, out string literal)
    {
        // A string literal's evaluator ignores the environment, so evaluating it with none is safe.
        literal = string.Empty;
        if (expression.Type != ConditionType.String)
        {
            return false;
        }

        try
        {
            literal = (string)expression.Evaluate(new ConditionEnvironment());
            return true;
        }
        catch (ConditionEvaluationException)
        {
            return false;
        }
    }

    private static TypedExpression Index(TypedExpression map, TypedExpression key)
    {
        if (map.Type != ConditionType.Dict)
        {
            throw new ConditionSyntaxException(map.Position, $"cannot index a {Name(map.Type)}");
        }

        if (key.Type != ConditionType.String)
        {
            throw new ConditionSyntaxException(key.Position, $"a map key must be a string, not a {Name(key.Type)}");
        }

        return new TypedExpression(ConditionType.Set, map.Position, env => Lookup(map.Evaluate(env), (string)key.Evaluate(env)));
    }

    private static IReadOnlySet<string> Lookup(object map, string key) =>
        ((IReadOnlyDictionary<string, IReadOnlySet<string>>)map).TryGetValue(key, out var values) ? values : new HashSet<string>();

    /// <summary>The value the postfix chain so far denotes (a path becomes its variable).</summary>
    private static TypedExpression Settle(ref List<string>? path, ref TypedExpression? value, string? method, int position)
    {
        if (method is not null)
        {
            throw new ConditionSyntaxException(position, $"method '{method}' must be called");
        }

        if (path is not null)
        {
            value = Resolve(path, position);
            path = null;
        }

        return value!;
    }

    /// <summary>Teleport's identifier lookup: the longest known prefix is a variable; one segment more indexes a map.</summary>
    private static TypedExpression Resolve(List<string> path, int position)
    {
        var joined = string.Empty;
        for (var i = 0; i < path.Count; i++)
        {
            joined = i == 0 ? path[0] : joined + "." + path[i];
            if (!ConditionLibrary.Variables.TryGetValue(joined, out var variable))
            {
                continue;
            }

            var read = variable.Value;
            if (i == path.Count - 1)
            {
                return new TypedExpression(variable.Type, position, read);
            }

            if (i == path.Count - 2 && variable.Type == ConditionType.Dict)
            {
                var key = path[^1];
                return new TypedExpression(ConditionType.Set, position, env => Lookup(read(env), key));
            }
        }

        throw new ConditionSyntaxException(position, $"unknown identifier \"{string.Join('.', path)}\"");
    }

    private static TypedExpression Logical(TypedExpression left, TypedExpression right, ConditionToken op, bool or)
    {
        foreach (var operand in new[] { left, right })
        {
            if (operand.Type != ConditionType.Bool)
            {
                throw new ConditionSyntaxException(operand.Position, $"operator '{op.Text}' needs true or false on both sides, not a {Name(operand.Type)}");
            }
        }

        // Short-circuits like Teleport's, so the right side is not evaluated (nor can fail) when the left decides.
        return or
            ? new TypedExpression(ConditionType.Bool, left.Position, env => (bool)left.Evaluate(env) || (bool)right.Evaluate(env))
            : new TypedExpression(ConditionType.Bool, left.Position, env => (bool)left.Evaluate(env) && (bool)right.Evaluate(env));
    }

    private static TypedExpression Equality(TypedExpression left, TypedExpression right, ConditionToken op)
    {
        // Teleport compares strings and integers only, both sides of one type.
        if (left.Type is not (ConditionType.String or ConditionType.Int))
        {
            throw new ConditionSyntaxException(left.Position, $"operator ({op.Text}) not supported for type: {Name(left.Type)}");
        }

        if (right.Type != left.Type)
        {
            throw new ConditionSyntaxException(right.Position, $"operator ({op.Text}) compares a {Name(left.Type)} with a {Name(right.Type)}");
        }

        var equal = op.Text == "==";
        return new TypedExpression(ConditionType.Bool, left.Position, env => Equals(left.Evaluate(env), right.Evaluate(env)) == equal);
    }

    private void Enter(ConditionToken token)
    {
        if (++_depth > MaxDepth)
        {
            throw new ConditionSyntaxException(token.Position, $"the condition nests deeper than {MaxDepth} levels");
        }
    }

    private void Count(ConditionToken op)
    {
        if (++_operators > MaxOperators)
        {
            throw new ConditionSyntaxException(op.Position, $"the condition has more than {MaxOperators} operators");
        }
    }

    private bool TryTake(string symbol, out ConditionToken token)
    {
        token = Peek;
        if (token.Kind == ConditionTokenKind.Symbol && token.Text == symbol)
        {
            _next++;
            return true;
        }

        return false;
    }

    private void Expect(string symbol)
    {
        if (!TryTake(symbol, out var found))
        {
            throw new ConditionSyntaxException(found.Position, $"expected '{symbol}', found {Describe(found)}");
        }
    }
}
