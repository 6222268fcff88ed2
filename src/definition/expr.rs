//! The expression language of derived items (`value = "50 + dq_points * freq_multiplier"`):
//! numbers, column references, `+ - * /`, parentheses, unary minus, comparisons
//! (`< <= > >= == !=`, 1 for true and 0 for false), `min(a, b, ...)`, `max(a, b, ...)` and
//! `if(cond, a, b)`. No I/O, no loops, no variables: an expression is a tree of at most
//! [`MAX_NODES`] nodes, nested at most [`MAX_DEPTH`] deep, written in at most [`MAX_LEN`]
//! bytes. A Pratt parser, by hand.
//!
//! Column references are names (letters, digits and `_`, not starting with a digit; letters
//! include Chinese) or any header between backticks (`` `Data quality (points)` ``); they are
//! matched to the file's headers as item columns are (NFKC, trimmed, case-folded).
//!
//! Evaluation never gives NaN or infinity: a missing operand, a division by zero or a result
//! out of range is a missing value with its reason. `if` evaluates only the branch it takes,
//! so `if(n == 0, 0, x / n)` has a value when `n` is 0.

/// Longest expression, in bytes.
pub const MAX_LEN: usize = 1000;
/// Deepest nesting (parentheses, operators, function arguments).
pub const MAX_DEPTH: usize = 32;
/// Most nodes (numbers, references, operators, calls).
pub const MAX_NODES: usize = 256;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Num(f64),
    /// Index into [`Expression::columns`].
    Col(usize),
    Neg(Box<Expr>),
    Bin(BinOp, Box<Expr>, Box<Expr>),
    Min(Vec<Expr>),
    Max(Vec<Expr>),
    If(Box<Expr>, Box<Expr>, Box<Expr>),
}

/// A parsed expression and the columns it reads (as written, first use first).
#[derive(Debug, Clone, PartialEq)]
pub struct Expression {
    pub text: String,
    pub root: Expr,
    pub columns: Vec<String>,
}

/// A syntax error: where in the expression (byte offset), what, and how to fix it.
#[derive(Debug, Clone, PartialEq)]
pub struct ParseError {
    pub offset: usize,
    pub message: String,
    pub hint: String,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num(f64),
    Name(String),
    Op(&'static str),
    End,
}

const FUNCTIONS: [&str; 3] = ["min", "max", "if"];
const OPS: [&str; 13] = [
    "<=", ">=", "==", "!=", "+", "-", "*", "/", "(", ")", ",", "<", ">",
];

fn err(offset: usize, message: impl Into<String>, hint: impl Into<String>) -> ParseError {
    ParseError {
        offset,
        message: message.into(),
        hint: hint.into(),
    }
}

fn lex(s: &str) -> Result<Vec<(usize, Tok)>, ParseError> {
    let mut out = Vec::new();
    let mut i = 0;
    let b = s.as_bytes();
    while i < s.len() {
        let c = s[i..].chars().next().unwrap_or(' ');
        if c.is_whitespace() {
            i += c.len_utf8();
        } else if c.is_ascii_digit() || (c == '.' && b.get(i + 1).is_some_and(u8::is_ascii_digit)) {
            let start = i;
            let digits = |i: &mut usize| {
                while b.get(*i).is_some_and(u8::is_ascii_digit) {
                    *i += 1;
                }
            };
            digits(&mut i);
            if b.get(i) == Some(&b'.') {
                i += 1;
                digits(&mut i);
            }
            if matches!(b.get(i), Some(b'e' | b'E')) {
                let mut j = i + 1;
                if matches!(b.get(j), Some(b'+' | b'-')) {
                    j += 1;
                }
                if b.get(j).is_some_and(u8::is_ascii_digit) {
                    i = j;
                    digits(&mut i);
                }
            }
            let x: f64 = s[start..i]
                .parse()
                .map_err(|_| err(start, "not a number", "write numbers as 12, 0.5 or 1e3"))?;
            if !x.is_finite() {
                return Err(err(start, "number out of range", "numbers must be finite"));
            }
            out.push((start, Tok::Num(x)));
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while let Some(c) = s[i..].chars().next()
                && (c.is_alphanumeric() || c == '_')
            {
                i += c.len_utf8();
            }
            out.push((start, Tok::Name(s[start..i].to_string())));
        } else if c == '`' {
            let start = i;
            let Some(len) = s[i + 1..].find('`') else {
                return Err(err(
                    start,
                    "unclosed backtick",
                    "write a column name with spaces or symbols between two backticks: `my column`",
                ));
            };
            let name = s[i + 1..i + 1 + len].trim();
            if name.is_empty() {
                return Err(err(
                    start,
                    "empty column name",
                    "name a column between the backticks",
                ));
            }
            out.push((start, Tok::Name(name.to_string())));
            i += len + 2;
        } else if let Some(op) = OPS.iter().find(|op| s[i..].starts_with(**op)) {
            out.push((i, Tok::Op(op)));
            i += op.len();
        } else {
            return Err(err(
                i,
                format!("unexpected character {c:?}"),
                "expressions use numbers, column names, + - * / ( ), comparisons < <= > >= == !=, min(), max() and if(cond, a, b); quote other column names with backticks",
            ));
        }
    }
    out.push((s.len(), Tok::End));
    Ok(out)
}

struct Parser {
    toks: Vec<(usize, Tok)>,
    pos: usize,
    depth: usize,
    nodes: usize,
    columns: Vec<String>,
    /// Offsets of the names written between backticks (columns, never functions).
    quoted: Vec<usize>,
}

impl Parser {
    /// The token at `pos`; the lexer always ends the list with `End`, which `pos` never passes.
    fn tok(&self) -> Option<&(usize, Tok)> {
        self.toks.get(self.pos).or(self.toks.last())
    }
    fn peek(&self) -> &Tok {
        self.tok().map_or(&Tok::End, |t| &t.1)
    }
    fn offset(&self) -> usize {
        self.tok().map_or(0, |t| t.0)
    }
    fn next(&mut self) -> (usize, Tok) {
        let t = self.tok().cloned().unwrap_or((0, Tok::End));
        if self.pos + 1 < self.toks.len() {
            self.pos += 1;
        }
        t
    }
    fn node(&mut self, at: usize) -> Result<(), ParseError> {
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            return Err(err(
                at,
                format!("the expression has more than {MAX_NODES} parts"),
                "split the computation: derive a column in the data file instead",
            ));
        }
        Ok(())
    }
    fn expect(&mut self, op: &'static str, what: &str) -> Result<(), ParseError> {
        let (at, t) = self.next();
        if t == Tok::Op(op) {
            Ok(())
        } else {
            Err(err(
                at,
                format!("expected `{op}` {what}, found {}", shown(&t)),
                "check the parentheses and commas",
            ))
        }
    }

    /// Pratt loop: a prefix term, then infix operators binding tighter than `min_bp`.
    fn expr(&mut self, min_bp: u8) -> Result<Expr, ParseError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(err(
                self.offset(),
                format!("the expression is nested more than {MAX_DEPTH} levels deep"),
                "simplify it",
            ));
        }
        let mut lhs = self.prefix()?;
        loop {
            let at = self.offset();
            let op = match self.peek() {
                Tok::Op(o) => match *o {
                    "+" => BinOp::Add,
                    "-" => BinOp::Sub,
                    "*" => BinOp::Mul,
                    "/" => BinOp::Div,
                    "<" => BinOp::Lt,
                    "<=" => BinOp::Le,
                    ">" => BinOp::Gt,
                    ">=" => BinOp::Ge,
                    "==" => BinOp::Eq,
                    "!=" => BinOp::Ne,
                    _ => break,
                },
                Tok::End => break,
                t => {
                    let t = shown(t);
                    return Err(err(
                        at,
                        format!("expected an operator, found {t}"),
                        "join terms with + - * / or a comparison",
                    ));
                }
            };
            let (l_bp, r_bp) = binding(op);
            if l_bp < min_bp {
                break;
            }
            self.next();
            self.node(at)?;
            let rhs = self.expr(r_bp)?;
            if is_cmp(op)
                && let Expr::Bin(prev, ..) = &lhs
                && is_cmp(*prev)
            {
                return Err(err(
                    at,
                    "comparisons do not chain",
                    "write if(a < b, if(b < c, 1, 0), 0) for a < b < c",
                ));
            }
            lhs = Expr::Bin(op, Box::new(lhs), Box::new(rhs));
        }
        self.depth -= 1;
        Ok(lhs)
    }

    fn prefix(&mut self) -> Result<Expr, ParseError> {
        let (at, t) = self.next();
        self.node(at)?;
        match t {
            Tok::Num(x) => Ok(Expr::Num(x)),
            Tok::Op("-") => Ok(Expr::Neg(Box::new(self.expr(PREFIX_BP)?))),
            Tok::Op("(") => {
                let e = self.expr(0)?;
                self.expect(")", "to close the parenthesis")?;
                Ok(e)
            }
            Tok::Name(name) if *self.peek() == Tok::Op("(") && !self.was_quoted(at) => {
                self.call(at, &name)
            }
            Tok::Name(name) => {
                let ix = match self.columns.iter().position(|c| *c == name) {
                    Some(ix) => ix,
                    None => {
                        self.columns.push(name);
                        self.columns.len() - 1
                    }
                };
                Ok(Expr::Col(ix))
            }
            t => Err(err(
                at,
                format!("expected a number, a column or `(`, found {}", shown(&t)),
                "an operator needs a value on each side",
            )),
        }
    }

    fn was_quoted(&self, at: usize) -> bool {
        self.quoted.contains(&at)
    }

    fn call(&mut self, at: usize, name: &str) -> Result<Expr, ParseError> {
        let lower = name.to_lowercase();
        if !FUNCTIONS.contains(&lower.as_str()) {
            let hint = match crate::text::did_you_mean(name, FUNCTIONS) {
                Some(f) => format!("did you mean {f}()? functions: min, max, if"),
                None => "functions: min(a, b, ...), max(a, b, ...), if(cond, a, b)".into(),
            };
            return Err(err(at, format!("unknown function {name}()"), hint));
        }
        self.next(); // (
        self.depth += 1;
        let mut args = Vec::new();
        if *self.peek() != Tok::Op(")") {
            loop {
                args.push(self.expr(0)?);
                if *self.peek() == Tok::Op(",") {
                    self.next();
                } else {
                    break;
                }
            }
        }
        self.expect(")", &format!("to close {lower}("))?;
        self.depth -= 1;
        match (lower.as_str(), args.len()) {
            ("if", 3) => {
                let mut a = args.into_iter();
                let (c, x, y) = (a.next(), a.next(), a.next());
                match (c, x, y) {
                    (Some(c), Some(x), Some(y)) => {
                        Ok(Expr::If(Box::new(c), Box::new(x), Box::new(y)))
                    }
                    _ => unreachable!("three arguments"),
                }
            }
            ("if", n) => Err(err(
                at,
                format!("if() takes 3 arguments, not {n}"),
                "if(condition, value when true, value when false)",
            )),
            (_, 0) => Err(err(
                at,
                format!("{lower}() needs at least one argument"),
                format!("{lower}(a, b, ...)"),
            )),
            ("min", _) => Ok(Expr::Min(args)),
            _ => Ok(Expr::Max(args)),
        }
    }
}

const PREFIX_BP: u8 = 7;

fn binding(op: BinOp) -> (u8, u8) {
    match op {
        BinOp::Add | BinOp::Sub => (3, 4),
        BinOp::Mul | BinOp::Div => (5, 6),
        _ => (1, 2),
    }
}

fn is_cmp(op: BinOp) -> bool {
    !matches!(op, BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div)
}

fn shown(t: &Tok) -> String {
    match t {
        Tok::Num(x) => format!("the number {x}"),
        Tok::Name(n) => format!("`{n}`"),
        Tok::Op(o) => format!("`{o}`"),
        Tok::End => "the end".into(),
    }
}

/// Parse an expression.
pub fn parse(text: &str) -> Result<Expression, ParseError> {
    if text.len() > MAX_LEN {
        return Err(err(
            MAX_LEN,
            format!("the expression is longer than {MAX_LEN} bytes"),
            "derive long computations in the data file instead",
        ));
    }
    let toks = lex(text)?;
    let quoted = toks
        .iter()
        .filter(|(o, t)| matches!(t, Tok::Name(_)) && text[*o..].starts_with('`'))
        .map(|(o, _)| *o)
        .collect();
    let mut p = Parser {
        toks,
        pos: 0,
        depth: 0,
        nodes: 0,
        columns: Vec::new(),
        quoted,
    };
    if *p.peek() == Tok::End {
        return Err(err(
            0,
            "the expression is empty",
            "e.g. value = \"50 + a * b\"",
        ));
    }
    let root = p.expr(0)?;
    if *p.peek() != Tok::End {
        let at = p.offset();
        let t = shown(p.peek());
        return Err(err(at, format!("unexpected {t}"), "check the parentheses"));
    }
    Ok(Expression {
        text: text.to_string(),
        root,
        columns: p.columns,
    })
}

impl Expression {
    /// The value for one row; `column(i)` gives column `i`'s number or why it has none.
    /// `Err` is a missing value with its reason; `Ok` is always finite.
    pub fn eval(&self, column: &dyn Fn(usize) -> Result<f64, String>) -> Result<f64, String> {
        eval(&self.root, column)
    }
}

fn eval(e: &Expr, column: &dyn Fn(usize) -> Result<f64, String>) -> Result<f64, String> {
    let go = |e: &Expr| eval(e, column);
    let x = match e {
        Expr::Num(x) => *x,
        Expr::Col(i) => column(*i)?,
        Expr::Neg(a) => -go(a)?,
        Expr::Bin(op, a, b) => {
            let (a, b) = (go(a)?, go(b)?);
            let t = |c: bool| if c { 1.0 } else { 0.0 };
            match op {
                BinOp::Add => a + b,
                BinOp::Sub => a - b,
                BinOp::Mul => a * b,
                BinOp::Div if b == 0.0 => return Err("division by zero".into()),
                BinOp::Div => a / b,
                BinOp::Lt => t(a < b),
                BinOp::Le => t(a <= b),
                BinOp::Gt => t(a > b),
                BinOp::Ge => t(a >= b),
                BinOp::Eq => t(a == b),
                BinOp::Ne => t(a != b),
            }
        }
        Expr::Min(args) | Expr::Max(args) => {
            let mut acc: Option<f64> = None;
            for a in args {
                let v = go(a)?;
                acc = Some(match (acc, e) {
                    (None, _) => v,
                    (Some(m), Expr::Min(_)) => m.min(v),
                    (Some(m), _) => m.max(v),
                });
            }
            acc.unwrap_or(0.0)
        }
        Expr::If(c, a, b) => {
            if go(c)? != 0.0 {
                go(a)?
            } else {
                go(b)?
            }
        }
    };
    if x.is_finite() {
        // No negative zero: -0 prints as "-0".
        Ok(x + 0.0)
    } else {
        Err("the result is out of range".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn val(s: &str, cols: &[(&str, f64)]) -> Result<f64, String> {
        let e = parse(s).map_err(|e| format!("parse: {} at {}", e.message, e.offset))?;
        let lookup = |i: usize| {
            let name = &e.columns[i];
            cols.iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| *v)
                .ok_or_else(|| format!("{name} is blank"))
        };
        e.eval(&lookup)
    }

    #[test]
    fn precedence_and_associativity() {
        assert_eq!(val("1 + 2 * 3", &[]), Ok(7.0));
        assert_eq!(val("(1 + 2) * 3", &[]), Ok(9.0));
        assert_eq!(val("10 - 4 - 3", &[]), Ok(3.0));
        assert_eq!(val("100 / 10 / 5", &[]), Ok(2.0));
        assert_eq!(val("-2 * 3", &[]), Ok(-6.0));
        assert_eq!(val("2 * -3", &[]), Ok(-6.0));
        assert_eq!(val("- -4", &[]), Ok(4.0));
        assert_eq!(val("1 + 2 < 4", &[]), Ok(1.0));
        assert_eq!(val("2 * 3 == 6", &[]), Ok(1.0));
        assert_eq!(val("1 != 1", &[]), Ok(0.0));
        assert_eq!(val("1.5e1 + .5", &[]), Ok(15.5));
        assert_eq!(
            val(
                "50 + dq_points * freq_multiplier",
                &[("dq_points", 20.0), ("freq_multiplier", 1.5)]
            ),
            Ok(80.0)
        );
    }

    #[test]
    fn functions_and_conditions() {
        assert_eq!(val("min(3, 1, 2)", &[]), Ok(1.0));
        assert_eq!(val("max(3, 1 + 4, 2)", &[]), Ok(5.0));
        assert_eq!(val("if(a >= 2, 10, 20)", &[("a", 2.0)]), Ok(10.0));
        assert_eq!(val("IF(a >= 2, 10, 20)", &[("a", 1.0)]), Ok(20.0));
        // Only the branch taken is evaluated.
        assert_eq!(
            val("if(n == 0, 0, x / n)", &[("n", 0.0), ("x", 5.0)]),
            Ok(0.0)
        );
        assert_eq!(val("if(1, 7, missing)", &[]), Ok(7.0));
        // Backticks and Chinese names.
        assert_eq!(
            val(
                "`data quality (pts)` + 得分",
                &[("data quality (pts)", 1.0), ("得分", 2.0)]
            ),
            Ok(3.0)
        );
        // A column named like a function, quoted.
        assert!(val("`min` (1)", &[("min", 1.0)]).is_err());
        assert_eq!(val("`min` + 1", &[("min", 1.0)]), Ok(2.0));
    }

    #[test]
    fn missing_values_have_reasons_never_nan() {
        assert_eq!(val("1 / 0", &[]), Err("division by zero".into()));
        assert_eq!(
            val("1 / (a - a)", &[("a", 3.0)]),
            Err("division by zero".into())
        );
        assert_eq!(val("a + 1", &[]), Err("a is blank".into()));
        assert_eq!(val("max(1, a)", &[]), Err("a is blank".into()));
        assert_eq!(
            val("1e308 * 10", &[]),
            Err("the result is out of range".into())
        );
        assert_eq!(val("-0 * 1", &[]).map(f64::to_bits), Ok(0.0f64.to_bits()));
    }

    #[test]
    fn errors_are_located() {
        let e = |s: &str| parse(s).unwrap_err();
        assert_eq!(e("1 +").offset, 3);
        assert!(e("1 +").message.contains("the end"));
        assert_eq!(e("(1 + 2").offset, 6);
        assert_eq!(e("1 + 2)").offset, 5);
        assert_eq!(e("a $ b").offset, 2);
        assert_eq!(e("a b").offset, 2);
        let f = e("mn(a, b)");
        assert_eq!(f.offset, 0);
        assert!(f.message.contains("unknown function mn()"));
        assert!(f.hint.contains("did you mean min()"), "{}", f.hint);
        assert!(e("if(a, b)").message.contains("3 arguments"));
        assert!(e("max()").message.contains("at least one"));
        assert!(e("a < b < c").message.contains("do not chain"));
        assert_eq!(e("").offset, 0);
        assert_eq!(e("a + `b").offset, 4);
        assert_eq!(e("1..2").offset, 2);
    }

    #[test]
    fn size_and_depth_are_capped() {
        let deep = format!(
            "{}1{}",
            "(".repeat(MAX_DEPTH + 1),
            ")".repeat(MAX_DEPTH + 1)
        );
        assert!(parse(&deep).unwrap_err().message.contains("nested"));
        let ok = format!(
            "{}1{}",
            "(".repeat(MAX_DEPTH - 2),
            ")".repeat(MAX_DEPTH - 2)
        );
        assert_eq!(val(&ok, &[]), Ok(1.0));
        assert!(
            parse(&"-".repeat(200))
                .unwrap_err()
                .message
                .contains("nested")
        );
        let wide = vec!["1"; MAX_NODES].join("+");
        assert!(parse(&wide).unwrap_err().message.contains("parts"));
        let long = "1+".repeat(MAX_LEN) + "1";
        assert!(parse(&long).unwrap_err().message.contains("longer"));
        let many = vec!["1"; 100].join("+");
        assert_eq!(val(&many, &[]), Ok(100.0));
    }
}
