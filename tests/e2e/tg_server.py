"""In-process Telegram Bot API emulator: world state, Bot API method semantics and a threaded
loopback HTTP server serving ``/bot<token>/<method>`` and ``/file/bot<token>/<file_path>``; with a
webhook set, a delivery thread POSTs updates to it in order and retries one that is not taken.

Shapes and error texts follow https://core.telegram.org/bots/api; only the standard library is used.
"""

from __future__ import annotations

import contextlib
import copy
import http.server
import itertools
import json
import re
import secrets
import select
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tg_markup import EntityParseError, format_text

Json = dict[str, Any]

MAX_TEXT = 4096
MAX_CAPTION = 1024
CHAT_ACTIONS = {"typing", "upload_photo", "record_video", "upload_video", "record_voice",
                "upload_voice", "upload_document", "choose_sticker", "find_location",
                "record_video_note", "upload_video_note"}
UPDATE_TYPES_OFF_BY_DEFAULT = {"chat_member", "message_reaction", "message_reaction_count"}
INLINE_BUTTON_ACTIONS = {"url", "callback_data", "web_app", "login_url", "switch_inline_query",
                         "switch_inline_query_current_chat", "switch_inline_query_chosen_chat",
                         "copy_text", "callback_game", "pay"}
NOT_MODIFIED = ("message is not modified: specified new message content and reply markup are "
                "exactly the same as a current content and reply markup of the message")
QUERY_INVALID = "query is too old and response timeout expired or query ID is invalid"


class ApiError(Exception):
    """A Bot API error answer: {"ok": false, "error_code": ..., "description": ...}."""

    def __init__(self, description: str, code: int = 400, parameters: Json | None = None):
        prefix = {400: "Bad Request: ", 403: "Forbidden: ", 409: "Conflict: ", 429: "Too Many Requests: "}
        if code in prefix and not description.startswith(prefix[code]):
            description = prefix[code] + description
        super().__init__(description)
        self.code, self.description, self.parameters = code, description, parameters

    def body(self) -> Json:
        """The JSON error body Telegram would send."""
        body: Json = {"ok": False, "error_code": self.code, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


@dataclass
class Upload:
    """A file part of a multipart request."""

    filename: str
    content_type: str
    data: bytes


@dataclass
class StoredFile:
    """Bytes known to the server under a file_id."""

    file_id: str
    file_unique_id: str
    file_path: str
    data: bytes


@dataclass
class ChatState:
    """One chat as seen by the bot."""

    chat: Json
    chat_instance: str
    next_message_id: int = 1
    messages: dict[int, Json] = field(default_factory=dict)
    blocked: bool = False


class Params:
    """Request parameters from query string, urlencoded/multipart form or JSON body."""

    def __init__(self, values: dict[str, Any], client_alive: Callable[[], bool] = lambda: True):
        self.values = values
        self.client_alive = client_alive

    def has(self, name: str) -> bool:
        """True if the parameter is present and non-empty."""
        return self.values.get(name) not in (None, "")

    def get_str(self, name: str, default: str | None = None) -> str | None:
        """A string parameter."""
        value = self.values.get(name)
        if value is None or isinstance(value, Upload):
            return default
        return value if isinstance(value, str) else json.dumps(value)

    def get_int(self, name: str, default: int | None = None) -> int | None:
        """An integer parameter."""
        value = self.values.get(name)
        if value in (None, ""):
            return default
        try:
            return int(value)
        except (TypeError, ValueError):
            raise ApiError(f"wrong parameter {name} in request") from None

    def get_bool(self, name: str) -> bool:
        """A boolean parameter."""
        value = self.values.get(name)
        return value is True or (isinstance(value, str) and value.lower() in ("true", "1"))

    def get_json(self, name: str) -> Any:
        """A JSON-serialised parameter (object/array)."""
        value = self.values.get(name)
        if value in (None, ""):
            return None
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                raise ApiError(f"can't parse {name} JSON object") from None
        return value

    def get_upload(self, name: str) -> Upload | str | None:
        """A file parameter: an Upload, an attach:// reference resolved, or a file_id/URL string."""
        value = self.values.get(name)
        if isinstance(value, str) and value.startswith("attach://"):
            value = self.values.get(value[len("attach://"):])
        return value


def parse_multipart(body: bytes, content_type: str) -> dict[str, Any]:
    """Split a multipart/form-data body into text fields and Uploads."""
    m = re.search(r'boundary="?([^";]+)"?', content_type)
    if not m:
        raise ApiError("can't parse multipart request")
    values: dict[str, Any] = {}
    for part in body.split(b"--" + m.group(1).encode())[1:]:
        if part.startswith(b"--"):
            break
        head, _, data = part[2:].partition(b"\r\n\r\n")
        if data.endswith(b"\r\n"):
            data = data[:-2]
        headers = head.decode("utf-8", "replace")
        name = re.search(r'\bname="([^"]*)"', headers)
        if not name:
            continue
        filename = re.search(r'\bfilename="([^"]*)"', headers)
        ctype = re.search(r"(?im)^content-type:\s*([^\r\n]+)", headers)
        if filename:
            values[name.group(1)] = Upload(urllib.parse.unquote(filename.group(1)),
                                           ctype.group(1).strip() if ctype else "application/octet-stream", data)
        else:
            values[name.group(1)] = data.decode("utf-8")
    return values


class BotApiState:
    """The emulated world: one bot, its chats, users' updates and everything the bot did."""

    def __init__(self, token: str, bot_username: str, bot_first_name: str = "Test Bot"):
        self.token = token
        bot_id = int(token.split(":", 1)[0]) if token.split(":", 1)[0].isdigit() else 7000000001
        self.bot_user: Json = {"id": bot_id, "is_bot": True, "first_name": bot_first_name,
                               "username": bot_username}
        self.lock = threading.RLock()
        self.changed = threading.Condition(self.lock)
        self.closing = False
        self._update_ids = itertools.count(100_000_001)
        self._user_ids = itertools.count(1_000_000_001)
        self._group_ids = itertools.count(4_000_000_001)
        self._query_ids = itertools.count(4_444_000_000_000_001)
        self._file_ids = itertools.count(1)
        self._poll_generation = 0
        self._delivery: threading.Thread | None = None
        self.reset()

    def reset(self) -> None:
        """Forget chats, updates, files and records (id counters keep increasing)."""
        with self.lock:
            self.pending: list[Json] = []
            self.delivered: dict[int, int] = {}
            self.allowed_updates: list[str] | None = None
            self.webhook_url = ""
            self.webhook_secret = ""
            self.webhook_posts: list[int] = []  # update ids taken by the webhook (HTTP 200), in order
            self.webhook_errors: list[str] = []
            self.chats: dict[int, ChatState] = {}
            self.files: dict[str, StoredFile] = {}
            self.files_by_path: dict[str, StoredFile] = {}
            self.outbox: list[Json] = []
            self.actions: list[Json] = []
            self.commands: dict[tuple[str, str], list[Json]] = {}
            self.callback_queries: dict[str, Json] = {}
            self.callback_answers: list[Json] = []
            self.inline_queries: dict[str, Json] = {}
            self.inline_answers: list[Json] = []
            self.calls: list[tuple[str, dict[str, Any]]] = []
            self.errors: list[tuple[str, str]] = []
            self.faults: list[Json] = []
            self.changed.notify_all()

    # ------------------------------------------------------------------ world helpers

    def new_user(self, first_name: str, username: str | None = None, **extra: Any) -> Json:
        """A new human User object."""
        user: Json = {"id": next(self._user_ids), "is_bot": False, "first_name": first_name}
        if username:
            user["username"] = username
        user.setdefault("language_code", "en")
        user.update(extra)
        return user

    def private_chat(self, user: Json) -> ChatState:
        """The private chat between user and the bot (created on first use)."""
        with self.lock:
            if user["id"] not in self.chats:
                chat = {"id": user["id"], "type": "private", "first_name": user["first_name"]}
                for key in ("last_name", "username"):
                    if key in user:
                        chat[key] = user[key]
                self.chats[user["id"]] = ChatState(chat, self._chat_instance())
            return self.chats[user["id"]]

    def new_group(self, title: str, supergroup: bool = False, username: str | None = None) -> ChatState:
        """A new group (or supergroup) chat containing the bot."""
        with self.lock:
            gid = next(self._group_ids)
            chat: Json = {"id": -(1_000_000_000_000 + gid) if supergroup else -gid,
                          "type": "supergroup" if supergroup else "group", "title": title}
            if username:
                chat["username"] = username
            if not supergroup:
                chat["all_members_are_administrators"] = True
            state = ChatState(chat, self._chat_instance())
            self.chats[chat["id"]] = state
            return state

    def _chat_instance(self) -> str:
        return str(secrets.randbelow(2**63))

    def chat_state(self, chat: Json | int) -> ChatState:
        """Look up a known chat by dict or id."""
        chat_id = chat["id"] if isinstance(chat, dict) else chat
        try:
            return self.chats[chat_id]
        except KeyError:
            raise KeyError(f"unknown chat {chat_id}; create it with private_chat()/group_chat()") from None

    def store_file(self, data: bytes, folder: str, ext: str) -> StoredFile:
        """Keep bytes and hand out a file_id / file_unique_id / file_path."""
        with self.lock:
            n = next(self._file_ids)
            stored = StoredFile(f"{folder[:2].upper()}AC{secrets.token_urlsafe(24)}",
                                f"AgAD{secrets.token_urlsafe(9)}", f"{folder}/file_{n}.{ext}", data)
            self.files[stored.file_id] = stored
            self.files_by_path[stored.file_path] = stored
            return stored

    def push_update(self, kind: str, payload: Json) -> Json:
        """Queue an update for getUpdates (update ids strictly increase)."""
        with self.lock:
            update = {"update_id": next(self._update_ids), kind: payload}
            self.pending.append(update)
            self.changed.notify_all()
            return update

    def user_message(self, chat: Json | int, user: Json, content: Json,
                     reply_to: int | None = None) -> Json:
        """Create a message from user in chat (not yet an update)."""
        with self.lock:
            state = self.chat_state(chat)
            msg: Json = {"message_id": state.next_message_id, "from": user, "chat": state.chat,
                         "date": int(time.time()), **content}
            if reply_to is not None:
                msg["reply_to_message"] = self._reply_copy(state, reply_to)
            state.next_message_id += 1
            state.messages[msg["message_id"]] = msg
            return msg

    def _reply_copy(self, state: ChatState, message_id: int) -> Json:
        original = state.messages.get(message_id)
        if original is None:
            raise KeyError(f"message {message_id} not found in chat {state.chat['id']}")
        reply = copy.deepcopy(original)
        reply.pop("reply_to_message", None)
        return reply

    def bot_event(self, method: str, message: Json, **extra: Any) -> None:
        """Record something the bot did to a message (send/edit/delete) for the test to observe."""
        with self.lock:
            self.outbox.append({"_method": method, **copy.deepcopy(message), **extra})
            self.changed.notify_all()

    # --------------------------------------------------------------------- dispatch

    def call(self, method: str, params: Params) -> Any:
        """Run one Bot API method; raise ApiError for error answers."""
        handler: Callable[[Params], Any] | None = getattr(self, f"m_{method.lower()}", None)
        with self.lock:
            self.calls.append((method, {k: (f"<upload {v.filename}>" if isinstance(v, Upload) else v)
                                        for k, v in params.values.items()}))
            for fault in self.faults:
                if fault["method"].lower() == method.lower() and fault["times"] > 0:
                    fault["times"] -= 1
                    raise ApiError(fault["description"], fault["code"], fault["parameters"])
        if handler is None:
            raise ApiError("Not Found", 404)
        if method.lower() == "getupdates":
            return handler(params)
        with self.lock:
            return handler(params)

    def _chat(self, params: Params, name: str = "chat_id") -> ChatState:
        raw = params.get_str(name)
        if not raw:
            raise ApiError(f"{name} is empty")
        if raw.startswith("@"):
            for state in self.chats.values():
                if state.chat.get("username", "").lower() == raw[1:].lower():
                    return state
            raise ApiError("chat not found")
        try:
            chat_id = int(raw)
        except ValueError:
            raise ApiError("chat not found") from None
        state = self.chats.get(chat_id)
        if state is None:
            raise ApiError("chat not found")
        if state.blocked:
            raise ApiError("bot was blocked by the user", 403)
        return state

    def _text(self, params: Params, text_name: str, limit: int, too_long: str) -> tuple[str, list[Json]]:
        text = params.get_str(text_name) or ""
        entities = params.get_json("entities" if text_name == "text" else "caption_entities")
        try:
            plain, parsed = format_text(text, params.get_str("parse_mode"), entities)
        except EntityParseError as err:
            raise ApiError(f"can't parse entities: {err}") from None
        if text_name == "text" and not plain.strip():
            raise ApiError("message text is empty")
        if len(plain) > limit:
            raise ApiError(too_long)
        return plain, parsed

    def _markup(self, params: Params) -> tuple[Json | None, Json | None]:
        """Validate reply_markup; return (inline markup for the Message, any markup sent)."""
        markup = params.get_json("reply_markup")
        if markup is None:
            return None, None
        if not isinstance(markup, dict):
            raise ApiError("can't parse reply keyboard markup JSON object")
        if "inline_keyboard" not in markup:
            if not any(k in markup for k in ("keyboard", "remove_keyboard", "force_reply")):
                raise ApiError("can't parse reply keyboard markup JSON object")
            return None, markup
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
            raise ApiError("can't parse inline keyboard markup JSON object")
        for row in rows:
            for button in row:
                if not isinstance(button, dict) or not isinstance(button.get("text"), str):
                    raise ApiError('can\'t parse inline keyboard button: Field "text" must be of type String')
                actions = INLINE_BUTTON_ACTIONS & button.keys()
                if not actions:
                    raise ApiError("can't parse inline keyboard button: Text buttons are unallowed "
                                   "in the inline keyboard")
                if len(actions) > 1:
                    raise ApiError("can't parse inline keyboard button: Can't find field "
                                   "\"callback_data\" or more than one action field specified")
                data = button.get("callback_data")
                if data is not None and not 1 <= len(str(data).encode()) <= 64:
                    raise ApiError("BUTTON_DATA_INVALID")
                if "url" in button and not re.match(r"^(https?|tg)://\S+$", str(button["url"])):
                    raise ApiError("BUTTON_URL_INVALID")
        if not any(rows):
            return None, markup
        return {"inline_keyboard": rows}, markup

    def _reply(self, params: Params, state: ChatState) -> Json | None:
        reply = params.get_json("reply_parameters") or {}
        message_id = reply.get("message_id", params.get_int("reply_to_message_id"))
        if message_id is None:
            return None
        allow = reply.get("allow_sending_without_reply", params.get_bool("allow_sending_without_reply"))
        target = state
        if reply.get("chat_id") is not None:
            target = self.chats.get(int(reply["chat_id"])) or state
        if int(message_id) not in target.messages:
            if allow:
                return None
            raise ApiError("message to be replied not found")
        return self._reply_copy(target, int(message_id))

    def _new_bot_message(self, method: str, params: Params, state: ChatState, content: Json,
                         sent_markup: Json | None, inline: Json | None) -> Json:
        reply = self._reply(params, state)
        msg: Json = {"message_id": state.next_message_id, "from": self.bot_user, "chat": state.chat,
                     "date": int(time.time())}
        if reply:
            msg["reply_to_message"] = reply
        msg.update(content)
        if inline:
            msg["reply_markup"] = inline
        state.next_message_id += 1
        state.messages[msg["message_id"]] = msg
        extra = {"_reply_markup_sent": sent_markup} if sent_markup and not inline else {}
        self.bot_event(method, msg, **extra)
        return msg

    def _target_message(self, params: Params) -> tuple[ChatState, Json]:
        if params.has("inline_message_id"):
            raise ApiError("MESSAGE_ID_INVALID")
        state = self._chat(params)
        message_id = params.get_int("message_id")
        msg = state.messages.get(message_id) if message_id is not None else None
        if msg is None:
            raise ApiError("message to edit not found")
        if msg.get("from", {}).get("id") != self.bot_user["id"]:
            raise ApiError("message can't be edited")
        return state, msg

    def _apply_edit(self, method: str, state: ChatState, msg: Json, changes: Json, inline: Json | None) -> Json:
        new = {k: v for k, v in msg.items() if k not in ("edit_date", "reply_markup", "entities",
                                                         "caption_entities")}
        if "entities" in msg and "text" not in changes:
            new["entities"] = msg["entities"]
        if "caption_entities" in msg and "caption" not in changes:
            new["caption_entities"] = msg["caption_entities"]
        new.update({k: v for k, v in changes.items() if v})
        if inline:
            new["reply_markup"] = inline
        before = {k: v for k, v in msg.items() if k != "edit_date"}
        if before == {k: v for k, v in new.items() if k != "edit_date"}:
            raise ApiError(NOT_MODIFIED)
        new["edit_date"] = int(time.time())
        state.messages[msg["message_id"]] = new
        self.bot_event(method, new)
        return new

    # ------------------------------------------------------------------ Bot API methods

    def m_getme(self, params: Params) -> Json:
        return {**self.bot_user, "can_join_groups": True, "can_read_all_group_messages": True,
                "supports_inline_queries": True, "can_connect_to_business": False,
                "has_main_web_app": False}

    def m_logout(self, params: Params) -> bool:
        return True

    def m_close(self, params: Params) -> bool:
        return True

    def m_deletewebhook(self, params: Params) -> bool:
        self.webhook_url = ""
        if params.get_bool("drop_pending_updates"):
            self.pending.clear()
        return True

    def m_setwebhook(self, params: Params) -> bool:
        url = params.get_str("url") or ""
        if url and not re.match(r"^https?://", url):
            raise ApiError("bad webhook: An HTTPS URL must be provided for webhook")
        secret = params.get_str("secret_token") or ""
        if secret and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
            raise ApiError("bad webhook: secret token contains unallowed characters")
        self.webhook_url, self.webhook_secret = url, secret
        allowed = params.get_json("allowed_updates")
        if allowed is not None:
            self.allowed_updates = list(allowed)
        if params.get_bool("drop_pending_updates"):
            self.pending.clear()
        if url and (self._delivery is None or not self._delivery.is_alive()):
            # Real Telegram accepts plain http only from its local Bot API server; the emulator accepts
            # it so the tests need no certificates.
            self._delivery = threading.Thread(target=self._deliver_webhooks, name="telegram-emulator-webhook",
                                              daemon=True)
            self._delivery.start()
        self.changed.notify_all()
        return True

    def m_getwebhookinfo(self, params: Params) -> Json:
        info: Json = {"url": self.webhook_url, "has_custom_certificate": False,
                      "pending_update_count": len(self.pending)}
        if self.webhook_errors:
            info["last_error_message"] = self.webhook_errors[-1]
        return info

    def _deliver_webhooks(self) -> None:
        """POST pending updates to the webhook, oldest first, one at a time; retry a failed one, as Telegram does."""
        while True:
            with self.lock:
                while not self.closing and not (self.webhook_url and self.pending):
                    self.changed.wait(0.25)
                if self.closing:
                    return
                update, url, secret = self.pending[0], self.webhook_url, self.webhook_secret
                wanted = self._allowed(update)
            ok = True
            if wanted:
                ok, error = _post_update(url, secret, update)
            with self.lock:
                if ok:
                    if self.pending and self.pending[0] is update:
                        self.pending.pop(0)
                    if wanted:
                        self.delivered[update["update_id"]] = self.delivered.get(update["update_id"], 0) + 1
                        self.webhook_posts.append(update["update_id"])
                else:
                    self.webhook_errors.append(error)
                self.changed.notify_all()
            if not ok:
                time.sleep(0.2)

    def _allowed(self, update: Json) -> bool:
        kind = next(k for k in update if k != "update_id")
        if self.allowed_updates:
            return kind in self.allowed_updates
        return kind not in UPDATE_TYPES_OFF_BY_DEFAULT

    def m_getupdates(self, params: Params) -> list[Json]:
        offset = params.get_int("offset", 0) or 0
        limit = min(max(params.get_int("limit", 100) or 100, 1), 100)
        timeout = min(max(params.get_int("timeout", 0) or 0, 0), 50)
        allowed = params.get_json("allowed_updates")
        deadline = time.monotonic() + timeout
        with self.lock:
            if self.webhook_url:
                raise ApiError("can't use getUpdates method while webhook is active; use "
                               "deleteWebhook to delete the webhook first", 409)
            if allowed is not None:
                self.allowed_updates = list(allowed)
            self._poll_generation += 1
            generation = self._poll_generation
            self.changed.notify_all()
            if offset < 0:
                self.pending = self.pending[offset:]
            elif offset > 0:
                self.pending = [u for u in self.pending if u["update_id"] >= offset]
            while True:
                if self._poll_generation != generation:
                    raise ApiError("terminated by other getUpdates request; make sure that only "
                                   "one bot instance is running", 409)
                if not params.client_alive():  # the bot hung up (e.g. cancelled on shutdown)
                    return []
                batch = [u for u in self.pending if self._allowed(u)][:limit]
                remaining = deadline - time.monotonic()
                if batch or remaining <= 0 or self.closing:
                    for update in batch:
                        self.delivered[update["update_id"]] = self.delivered.get(update["update_id"], 0) + 1
                    self.changed.notify_all()
                    return copy.deepcopy(batch)
                self.changed.wait(min(remaining, 0.25))

    def m_sendmessage(self, params: Params) -> Json:
        state = self._chat(params)
        text, entities = self._text(params, "text", MAX_TEXT, "message is too long")
        inline, sent = self._markup(params)
        content: Json = {"text": text}
        if entities:
            content["entities"] = entities
        lpo = params.get_json("link_preview_options")
        if lpo:
            content["link_preview_options"] = lpo
        return self._new_bot_message("sendMessage", params, state, content, sent, inline)

    def _send_file(self, method: str, params: Params, field_name: str, folder: str) -> Json:
        state = self._chat(params)
        value = params.get_upload(field_name)
        if value is None:
            raise ApiError(f"there is no {field_name} in the request")
        if isinstance(value, Upload):
            ext = value.filename.rsplit(".", 1)[-1] if "." in value.filename else "bin"
            stored = self.store_file(value.data, folder, ext)
            meta: Json = {"file_name": value.filename, "mime_type": value.content_type}
        elif value in self.files:
            stored = self.files[value]
            meta = {}
        else:
            raise ApiError("wrong file identifier/HTTP URL specified")
        base = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
                "file_size": len(stored.data)}
        if field_name == "photo":
            content: Json = {"photo": [{**base, "width": 1280, "height": 720}]}
        else:
            content = {field_name: {**base, **meta}}
        if params.has("caption"):
            caption, entities = self._text(params, "caption", MAX_CAPTION, "message caption is too long")
            content["caption"] = caption
            if entities:
                content["caption_entities"] = entities
        inline, sent = self._markup(params)
        return self._new_bot_message(method, params, state, content, sent, inline)

    def m_senddocument(self, params: Params) -> Json:
        return self._send_file("sendDocument", params, "document", "documents")

    def m_sendphoto(self, params: Params) -> Json:
        return self._send_file("sendPhoto", params, "photo", "photos")

    def m_editmessagetext(self, params: Params) -> Json:
        state, msg = self._target_message(params)
        if "text" not in msg:
            raise ApiError("there is no text in the message to edit")
        text, entities = self._text(params, "text", MAX_TEXT, "message is too long")
        inline, _ = self._markup(params)
        return self._apply_edit("editMessageText", state, msg, {"text": text, "entities": entities}, inline)

    def m_editmessagecaption(self, params: Params) -> Json:
        state, msg = self._target_message(params)
        caption, entities = self._text(params, "caption", MAX_CAPTION, "message caption is too long")
        inline, _ = self._markup(params)
        return self._apply_edit("editMessageCaption", state, msg,
                                {"caption": caption, "caption_entities": entities}, inline)

    def m_editmessagereplymarkup(self, params: Params) -> Json:
        state, msg = self._target_message(params)
        inline, _ = self._markup(params)
        return self._apply_edit("editMessageReplyMarkup", state, msg, {}, inline)

    def m_deletemessage(self, params: Params) -> bool:
        state = self._chat(params)
        msg = state.messages.pop(params.get_int("message_id") or 0, None)
        if msg is None:
            raise ApiError("message to delete not found")
        self.bot_event("deleteMessage", msg)
        return True

    def m_sendchataction(self, params: Params) -> bool:
        state = self._chat(params)
        action = params.get_str("action")
        if action not in CHAT_ACTIONS:
            raise ApiError("wrong parameter action in request")
        self.actions.append({"chat_id": state.chat["id"], "action": action, "time": time.time()})
        self.changed.notify_all()
        return True

    def _commands_key(self, params: Params) -> tuple[str, str]:
        scope = params.get_json("scope") or {"type": "default"}
        return json.dumps(scope, sort_keys=True), params.get_str("language_code") or ""

    def m_setmycommands(self, params: Params) -> bool:
        commands = params.get_json("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise ApiError("can't parse commands JSON object")
        for command in commands:
            if not re.fullmatch(r"[a-z0-9_]{1,32}", str(command.get("command", ""))):
                raise ApiError("BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", ""))) <= 256:
                raise ApiError("BOT_COMMAND_DESCRIPTION_INVALID")
        self.commands[self._commands_key(params)] = [
            {"command": c["command"], "description": c["description"]} for c in commands]
        return True

    def m_getmycommands(self, params: Params) -> list[Json]:
        return copy.deepcopy(self.commands.get(self._commands_key(params), []))

    def m_deletemycommands(self, params: Params) -> bool:
        self.commands.pop(self._commands_key(params), None)
        return True

    def m_setmydescription(self, params: Params) -> bool:
        return True

    def m_setmyshortdescription(self, params: Params) -> bool:
        return True

    def m_setchatmenubutton(self, params: Params) -> bool:
        return True

    def m_answercallbackquery(self, params: Params) -> bool:
        query = self.callback_queries.get(params.get_str("callback_query_id") or "")
        if query is None or query["answered"]:
            raise ApiError(QUERY_INVALID)
        text = params.get_str("text")
        if text and len(text) > 200:
            raise ApiError("MESSAGE_TOO_LONG")
        query["answered"] = True
        self.callback_answers.append({
            "callback_query_id": query["id"], "data": query.get("data"), "text": text,
            "show_alert": params.get_bool("show_alert"), "url": params.get_str("url"),
            "cache_time": params.get_int("cache_time")})
        self.changed.notify_all()
        return True

    def m_answerinlinequery(self, params: Params) -> bool:
        query = self.inline_queries.get(params.get_str("inline_query_id") or "")
        if query is None or query["answered"]:
            raise ApiError(QUERY_INVALID)
        results = params.get_json("results")
        if not isinstance(results, list):
            raise ApiError("can't parse results JSON object")
        if len(results) > 50:
            raise ApiError("RESULTS_TOO_MUCH")
        ids = [r.get("id") for r in results]
        if any(not isinstance(r.get("type"), str) for r in results):
            raise ApiError("can't parse InlineQueryResult: Field \"type\" must be of type String")
        if any(not isinstance(i, str) or not 1 <= len(i.encode()) <= 64 for i in ids):
            raise ApiError("RESULT_ID_INVALID")
        if len(set(ids)) != len(ids):
            raise ApiError("RESULT_ID_DUPLICATE")
        query["answered"] = True
        self.inline_answers.append({
            "inline_query_id": query["id"], "query": query["query"], "results": results,
            "cache_time": params.get_int("cache_time"), "is_personal": params.get_bool("is_personal"),
            "next_offset": params.get_str("next_offset"), "button": params.get_json("button")})
        self.changed.notify_all()
        return True

    def m_getfile(self, params: Params) -> Json:
        stored = self.files.get(params.get_str("file_id") or "")
        if stored is None:
            raise ApiError("invalid file_id")
        if len(stored.data) > 20 * 1024 * 1024:
            raise ApiError("file is too big")
        return {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
                "file_size": len(stored.data), "file_path": stored.file_path}


def _post_update(url: str, secret: str, update: Json) -> tuple[bool, str]:
    """POST one update as Telegram does; return (taken, error text)."""
    headers = {"Content-Type": "application/json"}
    if secret:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    request = urllib.request.Request(url, json.dumps(update).encode("utf-8"), headers, method="POST")
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: never via a proxy
    try:
        with opener.open(request, timeout=30) as response:
            response.read()
            return response.status == 200, f"Wrong response from the webhook: {response.status}"
    except urllib.error.HTTPError as exc:
        return False, f"Wrong response from the webhook: {exc.code} {exc.reason}"
    except OSError as exc:
        return False, f"Connection failed: {exc}"


class _Handler(http.server.BaseHTTPRequestHandler):
    """HTTP/1.1 keep-alive handler mapping requests onto BotApiState."""

    protocol_version = "HTTP/1.1"
    server: BotApiHTTPServer
    timeout = 120

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def _send(self, status: int, body: bytes, content_type: str = "application/json") -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            self.close_connection = True

    def _client_alive(self) -> bool:
        """False once the client closed its end of the connection."""
        try:
            readable, _, _ = select.select([self.connection], [], [], 0)
            return not readable or self.connection.recv(1, socket.MSG_PEEK) != b""
        except OSError:
            return False

    def _dispatch(self) -> None:
        state = self.server.state
        url = urllib.parse.urlsplit(self.path)
        path = urllib.parse.unquote(url.path)  # PTB percent-encodes the ':' of the token in file URLs
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        file_prefix = f"/file/bot{state.token}/"
        if path.startswith("/file/bot"):
            stored = state.files_by_path.get(path[len(file_prefix):]) if path.startswith(file_prefix) else None
            if stored is None:
                self._send(404, json.dumps({"ok": False, "error_code": 404,
                                            "description": "Not Found"}).encode())
            else:
                self._send(200, stored.data, "application/octet-stream")
            return
        m = re.fullmatch(r"/bot([^/]*)/([A-Za-z]+)/?", path)
        try:
            if not m:
                raise ApiError("Not Found", 404)
            if m.group(1) != state.token:
                raise ApiError("Unauthorized", 401)
            values: dict[str, Any] = {k: v[-1] for k, v in urllib.parse.parse_qs(
                url.query, keep_blank_values=True).items()}
            ctype = self.headers.get("Content-Type", "")
            if body and "multipart/form-data" in ctype:
                values.update(parse_multipart(body, ctype))
            elif body and "application/json" in ctype:
                values.update(json.loads(body))
            elif body:
                values.update({k: v[-1] for k, v in urllib.parse.parse_qs(
                    body.decode("utf-8"), keep_blank_values=True).items()})
            result = state.call(m.group(2), Params(values, self._client_alive))
            payload: Json = {"ok": True, "result": result}
            status = 200
        except ApiError as err:
            if not self._client_alive():
                self.close_connection = True
                return
            with state.lock:
                state.errors.append((m.group(2) if m else path, err.description))
            payload, status = err.body(), err.code
        except Exception as err:
            with state.lock:
                state.errors.append((m.group(2) if m else path, f"emulator crash: {err!r}"))
            payload, status = {"ok": False, "error_code": 500, "description": f"Internal Server Error: {err!r}"}, 500
        self._send(status, json.dumps(payload, ensure_ascii=False).encode("utf-8"))


class BotApiHTTPServer(http.server.ThreadingHTTPServer):
    """Threaded loopback server that tracks its connections so stop() leaves nothing behind."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, state: BotApiState, host: str = "127.0.0.1", port: int = 0):
        self.state = state
        self._connections: set[socket.socket] = set()
        self._conn_lock = threading.Lock()
        super().__init__((host, port), _Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._conn_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._conn_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        """Abort all open client connections (idle keep-alives and long polls)."""
        with self._conn_lock:
            connections = list(self._connections)
        for conn in connections:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
