//! A small HTML builder whose only door for dynamic text is escaping. Markup comes from
//! `&'static str` literals of this crate; every `&str` that may hold data (names, free text,
//! reasons) goes through [`escape`]; charts come in as [`Svg`] made by `charts`, whose text
//! plotters escapes itself.

/// Escapes text for element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// An SVG drawing produced by the charts module (plotters escapes the text it draws).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Svg(pub(super) String);

/// A table cell: its text and a class from this crate ("num", "withheld", ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
    pub class: &'static str,
}

impl Cell {
    pub fn text(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            class: "",
        }
    }

    pub fn num(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            class: "num",
        }
    }

    pub fn class(text: impl Into<String>, class: &'static str) -> Cell {
        Cell {
            text: text.into(),
            class,
        }
    }
}

#[derive(Debug, Default)]
pub struct Html {
    buf: String,
}

impl Html {
    pub fn new() -> Html {
        Html::default()
    }

    /// Markup written by this crate (a literal, never data).
    pub fn raw(&mut self, markup: &'static str) -> &mut Html {
        self.buf.push_str(markup);
        self
    }

    /// Escaped text.
    pub fn text(&mut self, text: &str) -> &mut Html {
        self.buf.push_str(&escape(text));
        self
    }

    /// `<tag>text</tag>` with the text escaped; `tag` may carry literal attributes.
    pub fn el(&mut self, tag: &'static str, text: &str) -> &mut Html {
        let name = tag.split_whitespace().next().unwrap_or(tag);
        self.buf.push('<');
        self.buf.push_str(tag);
        self.buf.push('>');
        self.text(text);
        self.buf.push_str("</");
        self.buf.push_str(name);
        self.buf.push('>');
        self.buf.push('\n');
        self
    }

    /// A chart: the SVG inline, without the XML namespace declaration (inline SVG in HTML
    /// needs none, and the file then names no URL at all).
    pub fn svg(&mut self, svg: &Svg) -> &mut Html {
        let body = svg
            .0
            .replacen(" xmlns=\"http://www.w3.org/2000/svg\"", "", 1);
        self.buf.push_str(&body);
        self
    }

    /// A table with a header row; cells escaped, numeric cells right-aligned by class.
    pub fn table(&mut self, class: &'static str, header: &[Cell], rows: &[Vec<Cell>]) -> &mut Html {
        self.buf.push_str("<table class=\"");
        self.buf.push_str(class);
        self.buf.push_str("\">\n<thead><tr>");
        for h in header {
            self.cell("th", h);
        }
        self.buf.push_str("</tr></thead>\n<tbody>\n");
        for row in rows {
            self.buf.push_str("<tr>");
            for c in row {
                self.cell("td", c);
            }
            self.buf.push_str("</tr>\n");
        }
        self.buf.push_str("</tbody>\n</table>\n");
        self
    }

    fn cell(&mut self, tag: &'static str, c: &Cell) {
        self.buf.push('<');
        self.buf.push_str(tag);
        if !c.class.is_empty() {
            self.buf.push_str(" class=\"");
            self.buf.push_str(c.class);
            self.buf.push('"');
        }
        self.buf.push('>');
        self.text(&c.text);
        self.buf.push_str("</");
        self.buf.push_str(tag);
        self.buf.push('>');
    }

    pub fn into_string(self) -> String {
        self.buf
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_everywhere() {
        let mut h = Html::new();
        h.el("p class=\"x\"", "<script>alert(1)</script>");
        h.table("t", &[Cell::text("a&b")], &[vec![Cell::num("\"q\" 'r'")]]);
        let s = h.into_string();
        assert!(s.contains("<p class=\"x\">&lt;script&gt;alert(1)&lt;/script&gt;</p>"));
        assert!(s.contains("<th>a&amp;b</th>"));
        assert!(s.contains("<td class=\"num\">&quot;q&quot; &#39;r&#39;</td>"));
        assert!(!s.contains("<script>"));
    }
}
