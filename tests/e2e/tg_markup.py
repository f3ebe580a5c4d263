"""Telegram text formatting as the Bot API server does it: HTML / MarkdownV2 / Markdown parsing
into plain text + MessageEntity dicts (UTF-16 offsets), auto-detected entities, and the exact
"can't parse entities" error texts (modelled on tdlib's MessageEntity.cpp behaviour)."""

from __future__ import annotations

import re
from typing import Any

Entity = dict[str, Any]

# tdlib's type priorities: on equal offset and length the smaller one is listed first.
_PRIORITY = {
    "blockquote": 0, "expandable_blockquote": 0, "pre": 11, "code": 20, "text_link": 49,
    "text_mention": 49, "mention": 50, "hashtag": 50, "cashtag": 50, "bot_command": 50,
    "url": 50, "email": 50, "phone_number": 50, "bold": 90, "italic": 91, "underline": 92,
    "strikethrough": 93, "spoiler": 94, "custom_emoji": 99,
}
_SPACES = " \t\r\n\v\f\0"


class EntityParseError(ValueError):
    """Text could not be parsed; str(err) is the part after "can't parse entities: "."""


def u16len(text: str) -> int:
    """Length of text in UTF-16 code units (the unit of entity offsets)."""
    return len(text.encode("utf-16-le")) // 2


def sort_entities(entities: list[Entity]) -> list[Entity]:
    """Order entities like the Bot API: by offset, longer first, then by type priority."""
    return sorted(entities, key=lambda e: (e["offset"], -e["length"], _PRIORITY.get(e["type"], 50)))


def _byte_offset(src: str, index: int) -> int:
    return len(src[:index].encode("utf-8"))


def _checked_url(url: str) -> str | None:
    """Normalise a link target like Telegram (add scheme / trailing slash), or None if invalid."""
    url = url.strip()
    if not url or any(c in _SPACES for c in url):
        return None
    if re.match(r"^(tg|ton|mailto|tel):", url, re.I):
        return url
    if "://" not in url:
        url = "http://" + url
    m = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*)://([^/?#]+)(.*)$", url)
    if not m or m.group(1).lower() not in ("http", "https", "ftp"):
        return None
    host = m.group(2)
    if "." not in host and not host.startswith("localhost") and not host.startswith("["):
        return None
    return f"{m.group(1).lower()}://{host}{m.group(3) or '/'}"


def _link_entity(url: str, offset: int, length: int) -> Entity | None:
    m = re.match(r"^tg://user\?id=(\d+)$", url.strip(), re.I)
    if m:
        return {"type": "text_mention", "offset": offset, "length": length,
                "user": {"id": int(m.group(1)), "is_bot": False, "first_name": "User"}}
    checked = _checked_url(url)
    if checked is None:
        return None
    return {"type": "text_link", "offset": offset, "length": length, "url": checked}


# ----------------------------------------------------------------------------------- HTML

_HTML_TAGS = {"a", "b", "strong", "i", "em", "s", "strike", "del", "u", "ins", "tg-spoiler",
              "tg-emoji", "span", "pre", "code", "blockquote"}
_SIMPLE_TAGS = {"b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline",
                "ins": "underline", "s": "strikethrough", "strike": "strikethrough",
                "del": "strikethrough", "tg-spoiler": "spoiler"}


def _decode_html_entity(src: str, i: int) -> tuple[str, int] | None:
    """Decode &lt; &gt; &amp; &quot; &#NN; &#xHH; at src[i]; None leaves '&' literal."""
    j = i + 1
    if src[j:j + 1] == "#":
        j += 1
        hexa = src[j:j + 1] in ("x", "X")
        if hexa:
            j += 1
        start = j
        digits = "0123456789abcdefABCDEF" if hexa else "0123456789"
        while j < len(src) and src[j] in digits:
            j += 1
        if j == start or j - i >= 10:
            return None
        code = int(src[start:j], 16 if hexa else 10)
        if code == 0 or code >= 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            return None
        char = chr(code)
    else:
        start = j
        while j < len(src) and src[j].isascii() and src[j].isalpha():
            j += 1
        char = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}.get(src[start:j], "")
        if not char:
            return None
    if src[j:j + 1] == ";":
        j += 1
    return char, j


def parse_html(src: str) -> tuple[str, list[Entity]]:
    """Parse Telegram HTML into (text, entities) or raise EntityParseError."""
    out: list[str] = []
    u16 = 0
    # (tag, argument, utf16 offset, index into out, byte offset of '<')
    stack: list[tuple[str, str, int, int, int]] = []
    entities: list[Entity] = []
    n = len(src)
    i = 0
    while i < n:
        c = src[i]
        if c == "&":
            decoded = _decode_html_entity(src, i)
            if decoded:
                out.append(decoded[0])
                u16 += u16len(decoded[0])
                i = decoded[1]
                continue
        if c != "<":
            out.append(c)
            u16 += 2 if ord(c) > 0xFFFF else 1
            i += 1
            continue
        begin = i
        i += 1
        if i >= n or src[i] != "/":
            while i < n and src[i] not in _SPACES and src[i] != ">":
                i += 1
            if i >= n:
                raise EntityParseError(f"Unclosed start tag at byte offset {_byte_offset(src, begin)}")
            tag = src[begin + 1:i].lower()
            if tag not in _HTML_TAGS:
                raise EntityParseError(
                    f'Unsupported start tag "{tag}" at byte offset {_byte_offset(src, begin)}')
            argument = ""
            while i < n and src[i] != ">":
                while i < n and src[i] in _SPACES:
                    i += 1
                if i < n and src[i] == ">":
                    break
                attr_begin = i
                while i < n and src[i] not in _SPACES and src[i] not in "=>":
                    i += 1
                attr = src[attr_begin:i].lower()
                if not attr:
                    raise EntityParseError(f'Empty attribute name in the tag "{tag}" at byte offset '
                                           f"{_byte_offset(src, begin)}")
                while i < n and src[i] in _SPACES:
                    i += 1
                if tag == "blockquote" and attr == "expandable" and (i >= n or src[i] != "="):
                    argument = "expandable"
                    continue
                if i >= n:
                    raise EntityParseError(
                        f'Unclosed start tag "{tag}" at byte offset {_byte_offset(src, begin)}')
                if src[i] != "=":
                    raise EntityParseError("Expected equal sign in declaration of an attribute of "
                                           f'the tag "{tag}" at byte offset {_byte_offset(src, begin)}')
                i += 1
                while i < n and src[i] in _SPACES:
                    i += 1
                if i >= n:
                    raise EntityParseError(
                        f'Unclosed start tag "{tag}" at byte offset {_byte_offset(src, begin)}')
                if src[i] not in "'\"":
                    token_begin = i
                    while i < n and ((src[i].isascii() and src[i].isalnum()) or src[i] in ".-"):
                        i += 1
                    value = src[token_begin:i].lower()
                    if i < n and src[i] not in _SPACES and src[i] != ">":
                        raise EntityParseError("Unexpected end of name token at byte offset "
                                               f"{_byte_offset(src, token_begin)}")
                else:
                    quote = src[i]
                    i += 1
                    chars: list[str] = []
                    while i < n and src[i] != quote:
                        if src[i] == "&":
                            decoded = _decode_html_entity(src, i)
                            if decoded:
                                chars.append(decoded[0])
                                i = decoded[1]
                                continue
                        chars.append(src[i])
                        i += 1
                    if i < n:
                        i += 1
                    value = "".join(chars)
                if i >= n:
                    raise EntityParseError(f"Unclosed start tag at byte offset {_byte_offset(src, begin)}")
                if tag == "a" and attr == "href":
                    argument = value
                elif tag == "code" and attr == "class" and value.startswith("language-"):
                    argument = value[len("language-"):]
                elif tag == "span" and attr == "class" and value.startswith("tg-"):
                    argument = value[len("tg-"):]
                elif tag == "tg-emoji" and attr == "emoji-id":
                    argument = value
            if tag == "span" and argument != "spoiler":
                raise EntityParseError('Tag "span" must have class "tg-spoiler" at byte offset '
                                       f"{_byte_offset(src, begin)}")
            i += 1  # skip '>'
            stack.append((tag, argument, u16, len(out), _byte_offset(src, begin)))
            continue
        # end tag
        if not stack:
            raise EntityParseError(f"Unexpected end tag at byte offset {_byte_offset(src, begin)}")
        while i < n and src[i] not in _SPACES and src[i] != ">":
            i += 1
        end_tag = src[begin + 2:i].lower()
        while i < n and src[i] in _SPACES:
            i += 1
        if i >= n or src[i] != ">":
            raise EntityParseError(f"Unclosed end tag at byte offset {_byte_offset(src, begin)}")
        i += 1
        tag, argument, offset, out_index, _ = stack.pop()
        if end_tag and end_tag != tag:
            raise EntityParseError(f"Unmatched end tag at byte offset {_byte_offset(src, begin)}, "
                                   f'expected "</{tag}>", found "</{end_tag}>"')
        length = u16 - offset
        if length <= 0:
            continue
        entity: Entity | None
        if tag in _SIMPLE_TAGS or tag == "span":
            entity = {"type": _SIMPLE_TAGS.get(tag, "spoiler"), "offset": offset, "length": length}
        elif tag == "blockquote":
            kind = "expandable_blockquote" if argument == "expandable" else "blockquote"
            entity = {"type": kind, "offset": offset, "length": length}
        elif tag == "tg-emoji":
            if not argument.isdigit() or int(argument) == 0:
                raise EntityParseError("Invalid custom emoji identifier specified")
            entity = {"type": "custom_emoji", "offset": offset, "length": length,
                      "custom_emoji_id": argument}
        elif tag == "a":
            entity = _link_entity(argument or "".join(out[out_index:]), offset, length)
        elif tag == "pre":
            last = entities[-1] if entities else None
            if (last and last["type"] == "code" and last["offset"] == offset
                    and last["length"] == length and last.get("language")):
                last["type"] = "pre"
                entity = None
            else:
                entity = {"type": "pre", "offset": offset, "length": length}
        else:  # code
            last = entities[-1] if entities else None
            if (last and last["type"] == "pre" and last["offset"] == offset
                    and last["length"] == length and argument and "language" not in last):
                last["language"] = argument
                entity = None
            else:
                entity = {"type": "code", "offset": offset, "length": length}
                if argument:
                    entity["language"] = argument
        if entity:
            entities.append(entity)
    if stack:
        raise EntityParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    for entity in entities:
        if entity["type"] == "code":
            entity.pop("language", None)
    return "".join(out), sort_entities(entities)


# ------------------------------------------------------------------------------ MarkdownV2

_MDV2_RESERVED = "_*[]()~`>#+-=|{}.!"
_MDV2_NAMES = {"bold": "Bold", "italic": "Italic", "underline": "Underline",
               "strikethrough": "Strikethrough", "spoiler": "Spoiler", "code": "Code",
               "pre": "Pre", "text_link": "TextUrl", "custom_emoji": "CustomEmoji",
               "blockquote": "BlockQuote", "expandable_blockquote": "BlockQuote"}


def parse_markdown_v2(src: str) -> tuple[str, list[Entity]]:
    """Parse Telegram MarkdownV2 into (text, entities) or raise EntityParseError."""
    out: list[str] = []
    u16 = 0
    entities: list[Entity] = []
    # (type, utf16 offset, byte offset of opening token, index into out)
    stack: list[tuple[str, int, int, int]] = []
    quote: tuple[str, int] | None = None  # (type, utf16 offset) of an open blockquote
    langs: list[str] = []  # languages of open ``` blocks
    n = len(src)
    i = 0

    def emit(ch: str) -> None:
        nonlocal u16
        out.append(ch)
        u16 += 2 if ord(ch) > 0xFFFF else 1

    def close_quote() -> None:
        nonlocal quote
        if quote and u16 > quote[1]:
            entities.append({"type": quote[0], "offset": quote[1], "length": u16 - quote[1]})
        quote = None

    while i < n:
        c = src[i]
        at_line_start = i == 0 or src[i - 1] == "\n"
        if at_line_start and not stack:
            if src.startswith("**>", i):
                close_quote()
                quote = ("expandable_blockquote", u16)
                i += 3
                continue
            if c == ">":
                if quote is None:
                    quote = ("blockquote", u16)
                i += 1
                continue
            if quote is not None:
                # previous line ended the quote; drop the separating newline from the entity
                if out and out[-1] == "\n":
                    out.pop()
                    u16 -= 1
                    close_quote()
                    emit("\n")
                else:
                    close_quote()
        if c == "\\" and i + 1 < n and 0 < ord(src[i + 1]) <= 126:
            emit(src[i + 1])
            i += 2
            continue
        if quote and quote[0] == "expandable_blockquote" and src.startswith("||", i) and (
                i + 2 >= n or src[i + 2] == "\n") and not stack:
            close_quote()
            i += 2
            continue
        top = stack[-1][0] if stack else None
        if top in ("code", "pre"):
            closing = "```" if top == "pre" else "`"
            if src.startswith(closing, i):
                kind, offset, _, _ = stack.pop()
                entity: Entity = {"type": kind, "offset": offset, "length": u16 - offset}
                lang = langs.pop() if kind == "pre" else ""
                if lang:
                    entity["language"] = lang
                if entity["length"] > 0:
                    entities.append(entity)
                i += len(closing)
                continue
            emit(c)
            i += 1
            continue
        if c not in _MDV2_RESERVED:
            emit(c)
            i += 1
            continue
        token = None
        for candidate, kind in (("```", "pre"), ("__", "underline"), ("||", "spoiler"),
                                ("`", "code"), ("*", "bold"), ("_", "italic"),
                                ("~", "strikethrough"), ("[", "text_link"), ("![", "custom_emoji")):
            if src.startswith(candidate, i):
                token = (candidate, kind)
                break
        if token is None and c == "]" and stack and stack[-1][0] in ("text_link", "custom_emoji"):
            kind, offset, byte_begin, out_index = stack.pop()
            i += 1
            url = ""
            if i < n and src[i] == "(":
                i += 1
                chars: list[str] = []
                while i < n and src[i] != ")":
                    if src[i] == "\\" and i + 1 < n and 0 < ord(src[i + 1]) <= 126:
                        i += 1
                    chars.append(src[i])
                    i += 1
                if i >= n:
                    raise EntityParseError(f"Can't find end of a URL at byte offset {byte_begin}")
                i += 1
                url = "".join(chars)
            else:
                url = "".join(out[out_index:])
            length = u16 - offset
            if length > 0:
                if kind == "custom_emoji":
                    m = re.match(r"^tg://emoji\?id=(\d+)$", url)
                    if not m:
                        raise EntityParseError("Custom emoji URL must have an emoji identifier")
                    entities.append({"type": "custom_emoji", "offset": offset, "length": length,
                                     "custom_emoji_id": m.group(1)})
                else:
                    link = _link_entity(url, offset, length)
                    if link:
                        entities.append(link)
            continue
        if token is None:
            raise EntityParseError(
                f"Character '{c}' is reserved and must be escaped with the preceding '\\'")
        text_token, kind = token
        if stack and stack[-1][0] == kind and kind not in ("text_link", "custom_emoji"):
            _, offset, _, _ = stack.pop()
            if u16 > offset:
                entities.append({"type": kind, "offset": offset, "length": u16 - offset})
            i += len(text_token)
            continue
        if any(entry[0] == kind for entry in stack) and kind not in ("text_link", "custom_emoji"):
            raise EntityParseError(
                f"Can't find end of {_MDV2_NAMES[stack[-1][0]]} entity at byte offset {stack[-1][2]}")
        byte_begin = _byte_offset(src, i)
        i += len(text_token)
        if kind == "pre":
            lang_end = src.find("\n", i)
            lang = src[i:lang_end] if lang_end != -1 else ""
            if lang_end != -1 and re.fullmatch(r"[A-Za-z0-9_+#-]*", lang):
                i = lang_end + 1
            else:
                lang = ""
            langs.append(lang)
        stack.append((kind, u16, byte_begin, len(out)))
    if stack:
        kind, _, byte_begin, _ = stack[-1]
        raise EntityParseError(f"Can't find end of {_MDV2_NAMES[kind]} entity at byte offset {byte_begin}")
    close_quote()
    return "".join(out), sort_entities(entities)


def parse_markdown(src: str) -> tuple[str, list[Entity]]:
    """Parse legacy Telegram Markdown (*bold* _italic_ `code` ```pre``` [text](url))."""
    out: list[str] = []
    u16 = 0
    entities: list[Entity] = []
    n = len(src)
    i = 0
    while i < n:
        c = src[i]
        if c == "\\" and i + 1 < n and src[i + 1] in "_*`[":
            out.append(src[i + 1])
            u16 += 1
            i += 2
            continue
        if c not in "_*`[":
            out.append(c)
            u16 += 2 if ord(c) > 0xFFFF else 1
            i += 1
            continue
        begin_byte = _byte_offset(src, i)
        if c == "[":
            close = src.find("]", i + 1)
            if close == -1 or src[close + 1:close + 2] != "(" or src.find(")", close) == -1:
                raise EntityParseError(
                    f"Can't find end of the entity starting at byte offset {begin_byte}")
            text = src[i + 1:close]
            url_end = src.find(")", close)
            link = _link_entity(src[close + 2:url_end], u16, u16len(text))
            if link and text:
                entities.append(link)
            out.append(text)
            u16 += u16len(text)
            i = url_end + 1
            continue
        token = "```" if src.startswith("```", i) else c
        end = src.find(token, i + len(token))
        if end == -1:
            raise EntityParseError(f"Can't find end of the entity starting at byte offset {begin_byte}")
        body = src[i + len(token):end]
        entity: Entity = {"type": {"*": "bold", "_": "italic", "`": "code", "```": "pre"}[token],
                          "offset": u16, "length": u16len(body)}
        if token == "```":
            first, sep, rest = body.partition("\n")
            if sep and first and re.fullmatch(r"[A-Za-z0-9_+#-]+", first):
                entity["language"] = first
                body = rest
                entity["length"] = u16len(body)
        if entity["length"]:
            entities.append(entity)
        out.append(body)
        u16 += u16len(body)
        i = end + len(token)
    return "".join(out), sort_entities(entities)


# ----------------------------------------------------------------------- auto-detection

_DETECTORS: list[tuple[str, re.Pattern[str]]] = [
    ("email", re.compile(r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w@])")),
    ("url", re.compile(r"(?<![\w@/])(?:https?://|www\.)[^\s<>\"']+|(?<![\w@/.])(?:[A-Za-z0-9-]+\.)+"
                       r"(?:com|org|net|io|ru|de|uk|me|dev|app|info|edu|gov)(?:/[^\s<>\"']*)?(?![\w])")),
    ("bot_command", re.compile(r"(?<![\w/<>])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/<>])")),
    ("mention", re.compile(r"(?<!\w)@[A-Za-z0-9_]{2,32}(?!\w)")),
    ("hashtag", re.compile(r"(?<!\w)#\w*[^\W\d_]\w*(?![\w#])")),
    ("cashtag", re.compile(r"(?<![\w$])\$[A-Z]{1,8}(?![\w$])")),
]
_NO_DETECT_INSIDE = {"code", "pre", "text_link", "text_mention", "custom_emoji", "url", "email"}


def detect_entities(text: str, existing: list[Entity] | None = None) -> list[Entity]:
    """Entities Telegram detects by itself (mentions, commands, URLs, hashtags, e-mails)."""
    taken: list[tuple[int, int]] = [(e["offset"], e["offset"] + e["length"]) for e in existing or []
                                    if e["type"] in _NO_DETECT_INSIDE]
    found: list[Entity] = []
    for kind, pattern in _DETECTORS:
        for m in pattern.finditer(text):
            start, end = m.start(), m.end()
            if kind == "url":
                while end > start and text[end - 1] in ".,;:!?)]}'\"":
                    end -= 1
            offset = u16len(text[:start])
            length = u16len(text[start:end])
            if any(offset < b and a < offset + length for a, b in taken):
                continue
            taken.append((offset, offset + length))
            found.append({"type": kind, "offset": offset, "length": length})
    # Telegram lists entities by offset; PTB reads a command only when it is the first entity.
    return sort_entities(found)


def format_text(text: str, parse_mode: str | None, entities: list[Entity] | None) -> tuple[str, list[Entity]]:
    """Apply parse_mode or explicit entities, then add auto-detected ones, like sendMessage."""
    if entities:
        parsed = [dict(e) for e in entities]
        plain = text
    elif not parse_mode:
        plain, parsed = text, []
    else:
        mode = parse_mode.lower()
        if mode == "html":
            plain, parsed = parse_html(text)
        elif mode == "markdownv2":
            plain, parsed = parse_markdown_v2(text)
        elif mode == "markdown":
            plain, parsed = parse_markdown(text)
        else:
            raise EntityParseError(f"Unsupported parse_mode {parse_mode!r}")
    total = u16len(plain)
    for entity in parsed:
        if entity["offset"] < 0 or entity["length"] <= 0 or entity["offset"] + entity["length"] > total:
            raise EntityParseError(f"Entity {entity['type']} is out of the text bounds")
    return plain, sort_entities(parsed + detect_entities(plain, parsed))
