"""Telegram Bot API emulator for end-to-end tests of python-telegram-bot applications.

``TelegramEmulator`` runs a faithful Bot API server (see ``tg_server.py``) in a background thread
on 127.0.0.1 and a free port. Point the bot at it with::

    Application.builder().token(tg.token).base_url(tg.base_url).base_file_url(tg.base_file_url)

(or ``NEWSBOT_TELEGRAM_API_URL=tg.api_url``: methods live at ``{api_url}/bot<token>/<method>``).
Simulated users act through the ``send_*``/``press_button``/``inline_query`` helpers, which queue
updates for ``getUpdates`` or, once the bot called ``setWebhook``, post them to its URL one at a time
(with the secret token header); everything the bot does is recorded and can be awaited or inspected.
Helpers that wait are ``async`` so they can share the event loop that runs the bot.
"""

from __future__ import annotations

import asyncio
import copy
import json
import threading
import time
import urllib.request
from typing import Any

from tg_markup import detect_entities
from tg_server import ApiError, BotApiHTTPServer, BotApiState, ChatState, Json

DEFAULT_TOKEN = "7000000001:AAE-e2e-test-token-not-a-real-one"
Chat = Json | int
User = Json


class TelegramEmulator:
    """A running Bot API emulator plus user-side helpers and assertions."""

    def __init__(self, token: str = DEFAULT_TOKEN, bot_username: str = "newsbot_test_bot",
                 host: str = "127.0.0.1"):
        self.state = BotApiState(token, bot_username)
        self.host = host
        self._server: BotApiHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._cursors: dict[int, int] = {}

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> TelegramEmulator:
        """Bind a free loopback port, serve in a thread and wait until getMe answers."""
        if self._server is not None:
            return self
        self.state.closing = False
        self._server = BotApiHTTPServer(self.state, self.host, 0)
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="telegram-emulator", daemon=True)
        self._thread.start()
        with urllib.request.urlopen(f"{self.base_url}{self.token}/getMe", timeout=5) as response:
            if not json.load(response)["ok"]:
                raise RuntimeError("emulator did not answer getMe")
        return self

    def stop(self) -> None:
        """Wake long polls, close all connections and join the server thread."""
        if self._server is None:
            return
        with self.state.lock:
            self.state.closing = True
            self.state.changed.notify_all()
        self._server.shutdown()
        self._server.close_connections()
        self._server.server_close()
        assert self._thread is not None
        self._thread.join(timeout=5)
        self._server = self._thread = None

    def __enter__(self) -> TelegramEmulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def reset(self) -> None:
        """Forget chats, queued updates and records between tests (ids keep increasing)."""
        self.state.reset()
        self._cursors.clear()

    @property
    def token(self) -> str:
        """The bot token the emulator accepts (others get 401 Unauthorized)."""
        return self.state.token

    @property
    def api_url(self) -> str:
        """Server root, e.g. http://127.0.0.1:PORT; methods are at {api_url}/bot<token>/<method>."""
        if self._server is None:
            raise RuntimeError("emulator not started")
        return f"http://{self.host}:{self._server.server_address[1]}"

    @property
    def base_url(self) -> str:
        """Value for ApplicationBuilder.base_url()."""
        return f"{self.api_url}/bot"

    @property
    def base_file_url(self) -> str:
        """Value for ApplicationBuilder.base_file_url()."""
        return f"{self.api_url}/file/bot"

    @property
    def bot(self) -> User:
        """The bot's User object (as getMe returns it, minus capability flags)."""
        return copy.deepcopy(self.state.bot_user)

    @property
    def bot_username(self) -> str:
        """The bot's @username without the @."""
        return str(self.state.bot_user["username"])

    # ------------------------------------------------------------------ world

    def user(self, first_name: str = "Alice", username: str | None = None, **extra: Any) -> User:
        """Create a simulated human user."""
        return self.state.new_user(first_name, username, **extra)

    def private_chat(self, user: User) -> Json:
        """The private chat of user with the bot."""
        return copy.deepcopy(self.state.private_chat(user).chat)

    def group_chat(self, title: str = "Test group", *, supergroup: bool = False,
                   added_by: User | None = None) -> Json:
        """Create a group with the bot in it; added_by emits my_chat_member + new_chat_members."""
        state = self.state.new_group(title, supergroup)
        if added_by is not None:
            now = int(time.time())
            self.state.push_update("my_chat_member", {
                "chat": state.chat, "from": added_by, "date": now,
                "old_chat_member": {"status": "left", "user": self.state.bot_user},
                "new_chat_member": {"status": "member", "user": self.state.bot_user}})
            msg = self.state.user_message(state.chat, added_by, {"new_chat_members": [self.state.bot_user]})
            self.state.push_update("message", msg)
        return copy.deepcopy(state.chat)

    def block_bot(self, user: User) -> None:
        """User blocks the bot: my_chat_member 'kicked' update, later sends get 403."""
        with self.state.lock:
            state = self.state.private_chat(user)
            state.blocked = True
            self.state.push_update("my_chat_member", {
                "chat": state.chat, "from": user, "date": int(time.time()),
                "old_chat_member": {"status": "member", "user": self.state.bot_user},
                "new_chat_member": {"status": "kicked", "user": self.state.bot_user, "until_date": 0}})

    def _chat(self, chat: Chat) -> ChatState:
        return self.state.chat_state(chat)

    # ------------------------------------------------------------------ user actions

    def _message(self, chat: Chat, user: User, content: Json, reply_to: int | Json | None = None) -> Json:
        reply_id = reply_to["message_id"] if isinstance(reply_to, dict) else reply_to
        msg = self.state.user_message(chat, user, content, reply_id)
        self.state.push_update("message", msg)
        return copy.deepcopy(msg)

    def send_text(self, chat: Chat, user: User, text: str, *, reply_to: int | Json | None = None,
                  mention: bool = False) -> Json:
        """User sends text (entities auto-detected; mention=True ensures '@botname' is in it)."""
        if mention and f"@{self.bot_username}".lower() not in text.lower():
            text = f"@{self.bot_username} {text}"
        content: Json = {"text": text}
        entities = detect_entities(text)
        if entities:
            content["entities"] = entities
        return self._message(chat, user, content, reply_to)

    def send_sticker(self, chat: Chat, user: User, *, emoji: str = "👍", set_name: str = "TestPack",
                     data: bytes = b"RIFF\x24\x00\x00\x00WEBPVP8 " + bytes(24)) -> Json:
        """User sends a (static, regular) sticker."""
        stored = self.state.store_file(data, "stickers", "webp")
        sticker = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id, "type": "regular",
                   "width": 512, "height": 512, "is_animated": False, "is_video": False,
                   "emoji": emoji, "set_name": set_name, "file_size": len(data)}
        return self._message(chat, user, {"sticker": sticker})

    def send_photo(self, chat: Chat, user: User, data: bytes = b"\xff\xd8\xff\xe0fake-jpeg\xff\xd9", *,
                   caption: str | None = None, width: int = 1280, height: int = 720) -> Json:
        """User sends a photo (two PhotoSizes, both downloadable)."""
        small = self.state.store_file(data, "photos", "jpg")
        large = self.state.store_file(data, "photos", "jpg")
        sizes = [{"file_id": s.file_id, "file_unique_id": s.file_unique_id, "file_size": len(data),
                  "width": w, "height": h}
                 for s, w, h in ((small, 90, max(1, 90 * height // width)), (large, width, height))]
        content: Json = {"photo": sizes}
        if caption:
            content["caption"] = caption
        return self._message(chat, user, content)

    def send_voice(self, chat: Chat, user: User, data: bytes = b"OggS" + bytes(60), *,
                   duration: int = 3) -> Json:
        """User sends a voice note (audio/ogg)."""
        stored = self.state.store_file(data, "voice", "oga")
        voice = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
                 "duration": duration, "mime_type": "audio/ogg", "file_size": len(data)}
        return self._message(chat, user, {"voice": voice})

    def send_document(self, chat: Chat, user: User, filename: str, data: bytes,
                      mime: str = "application/octet-stream", *, caption: str | None = None) -> Json:
        """User uploads a document; its bytes are served by getFile + /file/bot<token>/<path>."""
        ext = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
        stored = self.state.store_file(data, "documents", ext)
        document = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
                    "file_name": filename, "mime_type": mime, "file_size": len(data)}
        content: Json = {"document": document}
        if caption:
            content["caption"] = caption
        return self._message(chat, user, content)

    def edit_text(self, chat: Chat, user: User, message_id: int, text: str) -> Json:
        """User edits their earlier text message: an edited_message update."""
        with self.state.lock:
            state = self._chat(chat)
            original = state.messages.get(message_id)
            if original is None or original.get("from", {}).get("id") != user["id"] or "text" not in original:
                raise LookupError(f"user {user['id']} has no text message {message_id} in chat {state.chat['id']}")
            edited = {k: v for k, v in original.items() if k != "entities"}
            edited.update(text=text, edit_date=int(time.time()))
            entities = detect_entities(text)
            if entities:
                edited["entities"] = entities
            state.messages[message_id] = edited
            self.state.push_update("edited_message", edited)
            return copy.deepcopy(edited)

    def press_button(self, chat: Chat, user: User, message_id: int, callback_data: str) -> str:
        """User presses an inline button of a bot message; returns the callback query id."""
        with self.state.lock:
            state = self._chat(chat)
            msg = state.messages.get(message_id)
            buttons = [b for row in (msg or {}).get("reply_markup", {}).get("inline_keyboard", []) for b in row]
            if msg is None or not any(b.get("callback_data") == callback_data for b in buttons):
                offered = [b.get("callback_data") for b in buttons]
                raise LookupError(f"message {message_id} in chat {state.chat['id']} has no button with "
                                  f"callback_data={callback_data!r} (buttons: {offered})")
            query_id = str(next(self.state._query_ids))
            query = {"id": query_id, "from": user, "message": copy.deepcopy(msg),
                     "chat_instance": state.chat_instance, "data": callback_data}
            self.state.callback_queries[query_id] = {**query, "answered": False}
            self.state.push_update("callback_query", query)
            return query_id

    def inline_query(self, user: User, query: str, *, offset: str = "", chat_type: str = "sender") -> str:
        """User types '@botname query' in some chat; returns the inline query id."""
        with self.state.lock:
            query_id = str(next(self.state._query_ids))
            payload = {"id": query_id, "from": user, "query": query, "offset": offset, "chat_type": chat_type}
            self.state.inline_queries[query_id] = {**payload, "answered": False}
            self.state.push_update("inline_query", payload)
            return query_id

    # ------------------------------------------------------------------ observing the bot

    def bot_messages(self, chat_id: int) -> list[Json]:
        """Everything the bot sent/edited/deleted in chat_id so far (each with '_method')."""
        with self.state.lock:
            return [copy.deepcopy(e) for e in self.state.outbox if e["chat"]["id"] == chat_id]

    def _take(self, chat_id: int, n: int) -> list[Json] | None:
        events = self.bot_messages(chat_id)
        start = self._cursors.get(chat_id, 0)
        if len(events) - start < n:
            return None
        self._cursors[chat_id] = start + n
        return events[start:start + n]

    def _timeout_error(self, chat_id: int, n: int, timeout: float) -> AssertionError:
        new = self.bot_messages(chat_id)[self._cursors.get(chat_id, 0):]
        summary = [(e["_method"], e.get("text", e.get("caption"))) for e in new]
        return AssertionError(
            f"expected {n} new bot message(s) in chat {chat_id} within {timeout}s, got {summary}; "
            f"bot API errors: {self.api_errors()[-5:]}; last calls: {[c[0] for c in self.api_calls()[-8:]]}")

    async def wait_bot_messages(self, chat_id: int, n: int = 1, timeout: float = 10.0) -> list[Json]:
        """Await the next n bot messages (sends, edits, deletes) in chat_id not yet returned."""
        deadline = time.monotonic() + timeout
        while (taken := self._take(chat_id, n)) is None:
            if time.monotonic() > deadline:
                raise self._timeout_error(chat_id, n, timeout)
            await asyncio.sleep(0.01)
        return taken

    def wait_bot_messages_sync(self, chat_id: int, n: int = 1, timeout: float = 10.0) -> list[Json]:
        """Blocking wait_bot_messages for bots running in another thread or process."""
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            pass
        else:
            raise RuntimeError("an event loop is running here: use 'await tg.wait_bot_messages(...)'")
        deadline = time.monotonic() + timeout
        with self.state.changed:
            while (taken := self._take(chat_id, n)) is None:
                if time.monotonic() > deadline:
                    raise self._timeout_error(chat_id, n, timeout)
                self.state.changed.wait(0.05)
        return taken

    async def assert_no_bot_messages(self, chat_id: int, within: float = 0.5) -> None:
        """Fail if the bot sends/edits anything new in chat_id during the next `within` seconds."""
        await asyncio.sleep(within)
        new = self.bot_messages(chat_id)[self._cursors.get(chat_id, 0):]
        assert not new, f"bot unexpectedly wrote in chat {chat_id}: {[e.get('text') for e in new]}"

    async def wait_delivered(self, timeout: float = 10.0) -> None:
        """Await until the bot has fetched every update queued so far via getUpdates."""
        deadline = time.monotonic() + timeout
        while True:
            with self.state.lock:
                missing = [u["update_id"] for u in self.state.pending if u["update_id"] not in self.state.delivered]
            if not missing:
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"updates {missing} were never fetched by the bot")
            await asyncio.sleep(0.01)

    def message(self, chat_id: int, message_id: int) -> Json | None:
        """Current state of a message (after edits), or None if deleted/unknown."""
        with self.state.lock:
            msg = self.state.chats[chat_id].messages.get(message_id) if chat_id in self.state.chats else None
            return copy.deepcopy(msg)

    def chat_actions(self, chat_id: int) -> list[str]:
        """Chat actions (e.g. 'typing') the bot sent to chat_id, in order."""
        with self.state.lock:
            return [a["action"] for a in self.state.actions if a["chat_id"] == chat_id]

    def commands(self, scope: Json | None = None, language_code: str = "") -> list[Json]:
        """Commands set via setMyCommands for scope (default scope) and language."""
        key = (json.dumps(scope or {"type": "default"}, sort_keys=True), language_code)
        with self.state.lock:
            return copy.deepcopy(self.state.commands.get(key, []))

    def callback_answers(self) -> list[Json]:
        """answerCallbackQuery calls: callback_query_id, data, text, show_alert, url, cache_time."""
        with self.state.lock:
            return copy.deepcopy(self.state.callback_answers)

    def inline_answers(self) -> list[Json]:
        """answerInlineQuery calls: inline_query_id, query, results, cache_time, next_offset, ..."""
        with self.state.lock:
            return copy.deepcopy(self.state.inline_answers)

    def api_calls(self, method: str | None = None) -> list[tuple[str, dict[str, Any]]]:
        """Every Bot API call (method, params), optionally only one method (case-insensitive)."""
        with self.state.lock:
            return [copy.deepcopy(c) for c in self.state.calls if method is None or c[0].lower() == method.lower()]

    def api_errors(self) -> list[tuple[str, str]]:
        """Error answers the bot received: (method, description)."""
        with self.state.lock:
            return list(self.state.errors)

    def pending_updates(self) -> list[Json]:
        """Updates not yet confirmed by the bot (getUpdates offset)."""
        with self.state.lock:
            return copy.deepcopy(self.state.pending)

    def delivery_counts(self) -> dict[int, int]:
        """How many getUpdates answers carried each update_id."""
        with self.state.lock:
            return dict(self.state.delivered)

    def fail_next(self, method: str, description: str, *, code: int = 400,
                  retry_after: int | None = None, times: int = 1) -> None:
        """Make the next `times` calls of method fail, e.g. 403 'bot was blocked by the user'."""
        parameters = {"retry_after": retry_after} if retry_after is not None else None
        error = ApiError(description, code, parameters)
        with self.state.lock:
            self.state.faults.append({"method": method, "description": error.description,
                                      "code": code, "parameters": parameters, "times": times})
