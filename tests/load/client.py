"""A minimal Streamlit client over the real WebSocket protocol, for load and replica tests.

It speaks what the browser speaks: BackMsg protobufs asking for a script run (a page,
its query string, widget values) and ForwardMsg protobufs back until the run finishes.
No browser is needed, so 50 sessions fit on a small machine.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import time
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import requests
import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Common_pb2 import FileUploaderState, UploadedFileInfo
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

TIMEOUT = 90.0


@dataclass
class Run:
    """What one script run sent back."""

    seconds: float
    texts: list[str] = field(default_factory=list)
    widgets: dict[str, str] = field(default_factory=dict)  # label → widget id
    exceptions: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)  # media addresses of images shown
    downloads: dict[str, str] = field(default_factory=dict)  # label → address of its file

    def has(self, text: str) -> bool:
        return any(text in t for t in self.texts)


class Session:
    """One visitor: a WebSocket connection to the app, kept open across page runs."""

    def __init__(self, base_url: str, headers: dict[str, str] | None = None) -> None:
        parts = urlsplit(base_url)
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.url = f"ws://{parts.netloc}/_stcore/stream"
        self.headers = headers or {}  # e.g. X-Forwarded-For, as a reverse proxy adds it
        self.ws = None
        self.session_id = ""  # the server's id for this session (sent with its first run)
        self.query = ""  # the address bar's query string, as the app last set it
        self._http: requests.Session | None = None

    async def __aenter__(self) -> Session:
        self.ws = await websockets.connect(
            self.url,
            subprotocols=["streamlit"],
            origin=self.origin,
            max_size=None,
            open_timeout=TIMEOUT,
            additional_headers=self.headers,
        )
        return self

    async def upload(self, files: list[tuple[str, bytes]]) -> FileUploaderState:
        """Upload files as the browser does (HTTP, with the XSRF token, to this session);
        returns the state to give the file uploader widget."""
        if self._http is None:
            self._http = requests.Session()
            await asyncio.to_thread(self._http.get, f"{self.origin}/_stcore/health", timeout=30)
        token = self._http.cookies.get("_streamlit_xsrf") or ""
        state = FileUploaderState()
        for name, data in files:
            file_id = uuid.uuid4().hex
            reply = await asyncio.to_thread(
                self._http.put,
                f"{self.origin}/_stcore/upload_file/{self.session_id}/{file_id}",
                files={"file": (name, data)},
                headers={"X-Xsrftoken": token},
                timeout=TIMEOUT,
            )
            reply.raise_for_status()
            state.uploaded_file_info.append(
                UploadedFileInfo(file_id=file_id, name=name, size=len(data))
            )
        return state

    async def __aexit__(self, *_exc) -> None:
        await self.ws.close()
        if self._http is not None:
            self._http.close()

    async def run(
        self, page: str, query: str = "", widgets: list[WidgetState] | None = None
    ) -> Run:
        """Run a page and collect its output until the run finishes."""
        message = BackMsg()
        message.rerun_script.page_name = page
        message.rerun_script.query_string = query
        self.query = query
        for widget in widgets or []:
            message.rerun_script.widget_states.widgets.append(widget)
        start = time.perf_counter()
        await self.ws.send(message.SerializeToString())
        result = Run(0.0)
        while True:
            incoming = ForwardMsg()
            incoming.ParseFromString(await asyncio.wait_for(self.ws.recv(), TIMEOUT))
            kind = incoming.WhichOneof("type")
            if kind == "new_session":
                self.session_id = incoming.new_session.initialize.session_id
            elif kind == "page_info_changed":  # st.query_params changed the address
                self.query = incoming.page_info_changed.query_string
            delta = incoming.delta.WhichOneof("type") if kind == "delta" else None
            if delta in ("new_element", "add_block"):
                _collect(getattr(incoming.delta, delta), result)
            elif kind == "script_finished":
                # A page that calls st.rerun() finishes early and runs again: keep reading.
                if incoming.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue
                result.seconds = time.perf_counter() - start
                return result


def _collect(element, result: Run) -> None:
    """Texts, labels (of widgets, tabs, expanders) and widget ids of one element or block."""
    kind = element.WhichOneof("type")
    if kind is None:
        return
    body = getattr(element, kind)
    if kind == "exception":
        result.exceptions.append(body.message)
    if kind == "imgs":  # photos: where the browser would fetch them
        result.images += [img.url for img in body.imgs]
    if kind == "download_button" and body.url:
        result.downloads[body.label] = body.url
    if kind == "vega_lite_chart":  # charts carry their titles in their own specs
        title = json.loads(body.spec).get("title") or ""
        text = title.get("text", "") if isinstance(title, dict) else title
        result.texts.append(" ".join(text) if isinstance(text, list) else str(text))
    for name in ("body", "label", "value", "code_text"):
        value = getattr(body, name, None)
        if isinstance(value, str) and value:
            result.texts.append(value)
    widget_id = getattr(body, "id", "")
    label = getattr(body, "label", "")
    if widget_id and label:
        result.widgets[label] = widget_id


def run_async(coroutine):
    """Run a coroutine to the end, from any code: in a thread of its own, so it also works
    when this thread already runs an event loop (Playwright's, in the same test session)."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def widget(run: Run, label: str, **value) -> WidgetState:
    """A widget's new value, found by its label in an earlier run."""
    state = WidgetState()
    state.id = run.widgets[label]
    for name, v in value.items():
        if name == "file_uploader_state_value":
            state.file_uploader_state_value.CopyFrom(v)
        else:
            setattr(state, name, v)
    return state


# ---- the story form, filled in as a browser would ----------------------------------

POSTCODE = "NE61 1AA"
PHOTO_LABEL = "Photos (up to 4; JPEG, PNG or WebP, up to 8 MB each)"


def story_form(
    form: Run, title: str, *, consent: bool = True, photos=None, caption: str = ""
) -> list:
    """Widget values of a filled-in story form, with the send button pressed."""
    values = [
        widget(form, "Title", string_value=title),
        widget(form, "Your story", string_value=f"{title}: a story long enough to be kept."),
        widget(form, "From year", int_value=1990),
        widget(form, "Or a postcode", string_value=POSTCODE),
        widget(form, "I agree to my story being published", bool_value=consent),
        widget(form, "Send my story for review", trigger_value=True),
    ]
    if photos is not None:
        values.append(widget(form, PHOTO_LABEL, file_uploader_state_value=photos))
    if caption:
        values.append(
            widget(
                form, "Describe your photos for people who cannot see them", string_value=caption
            )
        )
    return values


async def send_story(server: str, title: str, files=(), **form_options) -> Run:
    """Open the story form in a new session, upload ``files`` and send the story."""
    async with Session(server) as session:
        form = await session.run("share")
        photos = await session.upload(list(files)) if files else None
        return await session.run(
            "share", widgets=story_form(form, title, photos=photos, **form_options)
        )
