"""User text is text: escape it before any Streamlit call that renders Markdown.

``st.success``, ``st.error``, ``st.info``, ``st.caption``, ``st.subheader`` and ``st.markdown`` all
render Markdown, so a name such as ``![b](http://example.org/x.png)`` would make every viewer's
browser fetch an outside image, and ``**…**`` or ``:red[…]`` would restyle the page. Streamlit
already shows raw HTML as text (``unsafe_allow_html`` is never set for user text); what is left is
Markdown and Streamlit's own directives (``:material/…:``, ``:red[…]``, ``$…$``).
"""

from __future__ import annotations

import html
import re

#: Every ASCII punctuation character: CommonMark lets a backslash escape each of them, so the
#: escaped text renders exactly as typed.
_PUNCTUATION = re.compile(r"([!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])")


def plain_md(text: str) -> str:
    """``text`` escaped for Markdown: it renders as the same characters, never as markup.

    Line breaks stay line breaks (two trailing spaces make Markdown keep them). Example: a name
    typed as ``**Anna**`` is shown with its four stars, not in bold.
    """
    escaped = _PUNCTUATION.sub(r"\\\1", text)
    return "  \n".join(escaped.splitlines()) if "\n" in escaped else escaped


#: From the first to the last quotation mark of a message: the typed text it quotes, whatever
#: quotation marks that text holds itself.
_QUOTED = re.compile(r"”(.*)”", re.DOTALL)


def plain_message(message_sv: str) -> str:
    """A Swedish message for a Markdown-rendering call: what it quotes is escaped, the rest stays.

    Our typed errors quote what the user typed between ”…” (``”ring oss” är inget telefonnummer``);
    that part is escaped with :func:`plain_md` — from the first ” to the last, so a typed ” cannot
    end it early — and our own words are left exactly as written. Text of the user's that a page
    puts into a message itself goes through :func:`plain_md` where the message is composed.
    """
    return _QUOTED.sub(lambda m: f"”{plain_md(m.group(1))}”", message_sv)


#: Markdown's image, link, emphasis and escape characters, written as HTML character references.
_MARKDOWN_AS_ENTITIES = str.maketrans({c: f"&#{ord(c)};" for c in "![]*_`~\\"})


def plain_html(text: str, line_break: str = "<br>") -> str:
    """``text`` for an HTML block shown with ``unsafe_allow_html``: it shows exactly as typed.

    HTML is escaped (quotes too, so it may stand in an attribute), Markdown's characters become
    character references, and line breaks become ``line_break`` — a blank line would end the HTML
    block and make what follows Markdown again (an outside image, say). Use ``line_break=" "``
    inside an attribute.
    """
    return line_break.join(html.escape(line, quote=True).translate(_MARKDOWN_AS_ENTITIES)
                           for line in text.splitlines())
