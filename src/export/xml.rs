//! XML writing shared by GraphML and GEXF: `quick-xml` does the structure and indentation, [`escape`] is
//! the single place where user text is made safe for XML.

use std::borrow::Cow;
use std::io::{self, Write};

use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

/// Escapes text for an XML attribute value or element content: markup characters become entities, line
/// breaks and tabs character references (attribute values would otherwise be normalised to spaces), and
/// characters XML 1.0 forbids (most C0 controls, U+FFFE, U+FFFF) the replacement character U+FFFD.
pub(crate) fn escape(s: &str) -> Cow<'_, str> {
    let needs =
        |c: char| matches!(c, '&' | '<' | '>' | '"' | '\'' | '\n' | '\r' | '\t') || !allowed(c);
    if !s.chars().any(needs) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if !allowed(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// XML 1.0 `Char` production (surrogates cannot occur in a `char`).
fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{FFFD}' | '\u{10000}'..)
}

/// An indenting XML writer whose attribute values and texts are always escaped with [`escape`].
pub(crate) struct XmlOut<'w> {
    w: Writer<&'w mut dyn Write>,
}

impl<'w> XmlOut<'w> {
    /// A writer that starts with the XML declaration.
    pub(crate) fn new(out: &'w mut dyn Write) -> io::Result<Self> {
        let mut w = Writer::new_with_indent(out, b' ', 2);
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        Ok(XmlOut { w })
    }

    fn tag<'a>(name: &'a str, attrs: &[(&'a str, &str)]) -> BytesStart<'a> {
        let mut start = BytesStart::new(name);
        for (k, v) in attrs {
            let v = escape(v);
            start.push_attribute(Attribute::from((k.as_bytes(), v.as_bytes())));
        }
        start
    }

    /// `<name attrs>`.
    pub(crate) fn start(&mut self, name: &str, attrs: &[(&str, &str)]) -> io::Result<()> {
        self.w.write_event(Event::Start(Self::tag(name, attrs)))
    }

    /// `<name attrs/>`.
    pub(crate) fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) -> io::Result<()> {
        self.w.write_event(Event::Empty(Self::tag(name, attrs)))
    }

    /// `</name>`.
    pub(crate) fn end(&mut self, name: &str) -> io::Result<()> {
        self.w.write_event(Event::End(BytesEnd::new(name)))
    }

    /// `<name attrs>text</name>` on one line.
    pub(crate) fn text_element(
        &mut self,
        name: &str,
        attrs: &[(&str, &str)],
        text: &str,
    ) -> io::Result<()> {
        self.start(name, attrs)?;
        self.w
            .write_event(Event::Text(BytesText::from_escaped(escape(text))))?;
        self.end(name)
    }

    /// Ends the document with a line break.
    pub(crate) fn finish(self) -> io::Result<()> {
        self.w.into_inner().write_all(b"\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_breaks_and_forbidden_characters() {
        assert_eq!(escape("plain é 東"), "plain é 東");
        assert_eq!(
            escape("a<b>&\"c'\n\r\t\u{1}\u{FFFF}"),
            "a&lt;b&gt;&amp;&quot;c&apos;&#10;&#13;&#9;\u{FFFD}\u{FFFD}"
        );
    }

    #[test]
    fn written_xml_parses_back_to_the_same_text() {
        let hostile = "x\"/><script>&amp; \n é\u{0}";
        let mut buf = Vec::new();
        {
            let mut x = XmlOut::new(&mut buf).unwrap();
            x.start("root", &[("a", hostile)]).unwrap();
            x.text_element("t", &[], hostile).unwrap();
            x.end("root").unwrap();
            x.finish().unwrap();
        }
        let text = String::from_utf8(buf).unwrap();
        let mut reader = quick_xml::Reader::from_str(&text);
        let expected = hostile.replace('\u{0}', "\u{FFFD}");
        let mut seen = 0;
        let mut content = String::new();
        let mut in_t = false;
        loop {
            match reader.read_event().unwrap() {
                Event::Start(e) if e.name().as_ref() == b"root" => {
                    let a = e.try_get_attribute("a").unwrap().unwrap();
                    let v = a
                        .normalized_value(quick_xml::XmlVersion::Explicit1_0)
                        .unwrap();
                    assert_eq!(v, expected);
                    seen += 1;
                }
                Event::Start(e) if e.name().as_ref() == b"t" => in_t = true,
                Event::Text(t) if in_t => content.push_str(&t.decode().unwrap()),
                Event::GeneralRef(r) if in_t => match r.resolve_char_ref().unwrap() {
                    Some(c) => content.push(c),
                    None => content.push_str(
                        quick_xml::escape::resolve_predefined_entity(&r.decode().unwrap()).unwrap(),
                    ),
                },
                Event::End(e) if e.name().as_ref() == b"t" => {
                    assert_eq!(content, expected);
                    in_t = false;
                    seen += 1;
                }
                Event::Eof => break,
                _ => {}
            }
        }
        assert_eq!(seen, 2);
    }
}
