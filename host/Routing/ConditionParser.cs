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
    private readonly HashSet<string> _variables = new(StringComparer.Ordinal);
    private int _next;
    private int _depth;
    private int _operators;

    private ConditionParser(List<ConditionToken> tokens)
    {
        _tokens = tokens;
    }

    /// <summary>The condition as a boolean expression.</summary>
    /// <exception cref="ConditionSyntaxException">It does not parse or type-check.</exception>
    public static TypedExpression Parse(string condition) => Parse(condition, out _);

    /// <summary>The condition as a boolean expression, and the variables it reads (so a look-up only they need is made only for them).</summary>
    /// <exception cref="ConditionSyntaxException">It does not parse or type-check.</exception>
    public static TypedExpression Parse(string condition, out IReadOnlySet<string> variables)
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

        variables = parser._variables;
        if (expression.Type == ConditionType.Any)
        {
            // Teleport matches a rule only when its condition evaluates to true; any other value is no match.
            return new TypedExpression(ConditionType.Bool, expression.Position, env => expression.Evaluate(env) is true);
        }

        if (expression.Type != ConditionType.Bool)
        {
            throw new ConditionSyntaxException(expression.Position, $"the condition must be true or false, not a {Name(expression.Type)}");
        }

        return expression;
    }

    private ConditionToken Peek => _tokens[_next];

    private static string Name(ConditionType type) => ConditionValue.Name(type);

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
            if (operand.Type is not (ConditionType.Bool or ConditionType.Any))
            {
                throw new ConditionSyntaxException(operand.Position, $"operator '!' needs true or false, not a {Name(operand.Type)}");
            }

            var value = Typed(operand, ConditionType.Bool, "operator '!'");
            return new TypedExpression(ConditionType.Bool, token.Position, env => !(bool)value(env));
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
                // Teleport indexes variables only, never a computed dict.
                var variable = path is not null && method is null;
                var map = Settle(ref path, ref value, method, start.Position);
                value = Index(map, key, variable);
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
    private TypedExpression Call(ref List<string>? path, TypedExpression? value, string? method, List<TypedExpression> arguments, int position)
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
        var candidates = overloads.Where(f => f.Accepts(types)).ToArray();
        if (candidates.Length == 0)
        {
            throw new ConditionSyntaxException(position,
                $"{name} cannot take ({string.Join(", ", types.Select(Name))}); it takes {string.Join(" or ", overloads.Select(o => o.Describe(name)))}");
        }

        if (name is "regexp.match" or "regexp.replace" && arguments[1] is { } pattern && IsLiteral(pattern, out var literal)
            && ConditionLibrary.CheckPattern(literal, glob: name == "regexp.match") is { } problem)
        {
            throw new ConditionSyntaxException(pattern.Position, problem);
        }

        var evaluators = arguments.ConvertAll(a => a.Evaluate);
        if (candidates.Length == 1 || !types.Contains(ConditionType.Any))
        {
            // One signature fits (the first, as overloads are listed most specific first): values of type any are
            // checked against it.
            var function = candidates[0];
            var typed = arguments.Select((a, i) => Typed(a, function.ParameterAt(i), $"argument {i + 1} to {name}")).ToArray();
            return new TypedExpression(function.Result, position, env => function.Invoke(Values(typed, env)));
        }

        // Several fit until the values of type any are known: the values choose, as Teleport's reflection does.
        var results = candidates.Select(c => c.Result).Distinct().ToArray();
        return new TypedExpression(results.Length == 1 ? results[0] : ConditionType.Any, position, env =>
        {
            var values = Values([.. evaluators], env);
            var actual = Array.ConvertAll(values, ConditionValue.TypeOf);
            var chosen = candidates.FirstOrDefault(f => f.Accepts(actual))
                ?? throw new ConditionEvaluationException($"{name} cannot take ({string.Join(", ", actual.Select(Name))})");
            return chosen.Invoke(values);
        });
    }

    private static object[] Values(Func<ConditionEnvironment, object>[] evaluators, ConditionEnvironment env)
    {
        var values = new object[evaluators.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = evaluators[i](env);
        }

        return values;
    }

    /// <summary>The expression's evaluator, checking a value of type any against <paramref name="type"/> when evaluated.</summary>
    private static Func<ConditionEnvironment, object> Typed(TypedExpression expression, ConditionType type, string where)
    {
        if (expression.Type != ConditionType.Any || type == ConditionType.Any)
        {
            return expression.Evaluate;
        }

        var evaluate = expression.Evaluate;
        return env => ConditionValue.Expect(evaluate(env), type, where);
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

    private static TypedExpression Index(TypedExpression map, TypedExpression key, bool variable)
    {
        if (map.Type != ConditionType.Dict)
        {
            throw new ConditionSyntaxException(map.Position, $"cannot index a {Name(map.Type)}");
        }

        if (!variable)
        {
            throw new ConditionSyntaxException(map.Position, "cannot index a computed dict, only a variable");
        }

        if (key.Type is not (ConditionType.String or ConditionType.Any))
        {
            throw new ConditionSyntaxException(key.Position, $"a map key must be a string, not a {Name(key.Type)}");
        }

        var keyOf = Typed(key, ConditionType.String, "key of index expression");
        return new TypedExpression(ConditionType.Set, map.Position, env => Lookup(map.Evaluate(env), (string)keyOf(env)));
    }

    private static IReadOnlySet<string> Lookup(object map, string key) =>
        ((IReadOnlyDictionary<string, IReadOnlySet<string>>)map).TryGetValue(key, out var values) ? values : new HashSet<string>();

    /// <summary>The value the postfix chain so far denotes (a path becomes its variable).</summary>
    private TypedExpression Settle(ref List<string>? path, ref TypedExpression? value, string? method, int position)
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
    private TypedExpression Resolve(List<string> path, int position)
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
            _variables.Add(joined);
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
            if (operand.Type is not (ConditionType.Bool or ConditionType.Any))
            {
                throw new ConditionSyntaxException(operand.Position, $"operator '{op.Text}' needs true or false on both sides, not a {Name(operand.Type)}");
            }
        }

        var (lhs, rhs) = (Typed(left, ConditionType.Bool, $"lhs of ({op.Text}) operator"), Typed(right, ConditionType.Bool, $"rhs of ({op.Text}) operator"));

        // Short-circuits like Teleport's, so the right side is not evaluated (nor can fail) when the left decides.
        return or
            ? new TypedExpression(ConditionType.Bool, left.Position, env => (bool)lhs(env) || (bool)rhs(env))
            : new TypedExpression(ConditionType.Bool, left.Position, env => (bool)lhs(env) && (bool)rhs(env));
    }

    private static TypedExpression Equality(TypedExpression left, TypedExpression right, ConditionToken op)
    {
        // Teleport compares strings and integers only, both sides of one type; a side of type any takes the other's.
        var operand = left.Type == ConditionType.Any ? right : left;
        if (operand.Type == ConditionType.Any)
        {
            throw new ConditionSyntaxException(left.Position, $"operator ({op.Text}) can only be used when at least one operand type is known at parse time");
        }

        if (operand.Type is not (ConditionType.String or ConditionType.Int))
        {
            throw new ConditionSyntaxException(operand.Position, $"operator ({op.Text}) not supported for type: {Name(operand.Type)}");
        }

        if (right.Type != left.Type && right.Type != ConditionType.Any && left.Type != ConditionType.Any)
        {
            throw new ConditionSyntaxException(right.Position, $"operator ({op.Text}) compares a {Name(left.Type)} with a {Name(right.Type)}");
        }

        var (lhs, rhs) = (Typed(left, operand.Type, $"lhs of ({op.Text}) operator"), Typed(right, operand.Type, $"rhs of ({op.Text}) operator"));
        var equal = op.Text == "==";
        return new TypedExpression(ConditionType.Bool, left.Position, env => Equals(lhs(env), rhs(env)) == equal);
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
