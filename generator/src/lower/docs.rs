//! Schema descriptions turned into rustdoc paragraphs that render as written.
//!
//! Descriptions are prose, not Markdown written for rustdoc: `usr_<32-hex-chars>` would be read
//! as an HTML tag and `[x]` as a link, and a bare URL draws a warning. Those are escaped here, once,
//! so no emitter has to think about it.

/// Splits a description into paragraphs and escapes what rustdoc would misread.
pub fn docs_of(description: Option<&str>) -> Vec<String> {
    let Some(text) = description else {
        return Vec::new();
    };
    plain_lines(text)
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .map(|p| escape_markdown(&p))
        .collect()
}

/// Text whose line structure is kept, with every other control character (a lone carriage
/// return, a NUL) turned into a space: a doc comment cannot hold a bare carriage return.
pub fn plain_lines(text: &str) -> String {
    text.replace("\r\n", "\n")
        .chars()
        .map(|c| if c.is_control() && c != '\n' { ' ' } else { c })
        .collect()
}

/// One line of generated documentation around schema text (a wire name, a path): whitespace and
/// control characters collapse to single spaces, so the text stays one doc line.
pub fn sentence(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Escapes `<`, `>`, `[`, `]` outside code spans and wraps bare URLs in angle brackets.
fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for (i, piece) in text.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        if i % 2 == 1 {
            out.push_str(piece);
            continue;
        }
        let words: Vec<String> = piece.split(' ').map(escape_word).collect();
        out.push_str(&words.join(" "));
    }
    out
}

fn escape_word(word: &str) -> String {
    if word.starts_with("http://") || word.starts_with("https://") {
        let trimmed = word.trim_end_matches(['.', ',', ')', ';']);
        return format!("<{trimmed}>{}", &word[trimmed.len()..]);
    }
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        if matches!(c, '<' | '>' | '[' | ']' | '*' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_rustdoc_misreads() {
        assert_eq!(
            docs_of(Some("Format: usr_<32-hex-chars> [see]")),
            vec!["Format: usr\\_\\<32-hex-chars\\> \\[see\\]"]
        );
        assert_eq!(
            docs_of(Some("At https://example.org.")),
            vec!["At <https://example.org>."]
        );
        assert_eq!(
            docs_of(Some("Keep `a_<b>` as is")),
            vec!["Keep `a_<b>` as is"]
        );
        assert_eq!(
            docs_of(Some("One\nline.\n\nTwo.")),
            vec!["One line.", "Two."]
        );
        assert_eq!(docs_of(Some("a\rb\u{0}c")), vec!["a b c"]);
    }

    #[test]
    fn generated_lines_hold_no_line_breaks() {
        assert_eq!(plain_lines("a\r\nb\rc\u{0}"), "a\nb c ");
        assert_eq!(
            sentence("The `a\r\nb\u{2028}c` property."),
            "The `a b c` property."
        );
    }
}
