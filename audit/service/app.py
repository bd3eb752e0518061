"""The HTTP application: routes, bearer auth, body limits and RFC 9457 problem answers.

Every refusal is an `application/problem+json` answer with a 4xx status that names
what to fix; a 5xx means the service itself failed (503 busy, 504 over the time
limit). Requests carry articles, never paths: nothing a client sends is opened.
"""

from __future__ import annotations

import hmac
import json
import time
from collections.abc import Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from audit import __version__
from audit.formatters.json_report import SCHEMA
from audit.history.store import Store
from audit.rules.docs import doc_path, rule_page
from audit.rules.model import Rule
from audit.service.core import Refused, Service
from audit.service.models import (
    ArticleIn,
    CheckOut,
    HealthOut,
    Problem,
    ReportOut,
    RuleDocOut,
    RuleOut,
    ScanIn,
    VersionOut,
)
from audit.service.workers import Busy, TimedOut, Workers

PROBLEM_JSON = "application/problem+json"
PROBLEM_TYPE = "https://newsaudit.invalid/problems/"  # + a slug; documented in docs/service.md
OPEN_PATHS = frozenset({"/healthz"})  # answered without a token: a load balancer's probe
CHECK_PATH = "/v1/check"
BODY_PATHS = frozenset({CHECK_PATH, "/v1/scan"})  # the routes that read a body (POST)


@dataclass(frozen=True)
class Limits:
    max_body: int = 2 * 1024 * 1024  # bytes in a request body
    max_articles: int = 100  # articles in one /v1/scan request
    timeout: float = 10.0  # seconds an audit may take


class ProblemError(Exception):
    def __init__(self, status: int, slug: str, detail: str, **extra: Any):
        self.status, self.slug, self.detail, self.extra = status, slug, detail, extra


def problem(status: int, slug: str, detail: str, headers=None, **extra: Any) -> JSONResponse:
    body = {
        "type": PROBLEM_TYPE + slug,
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        **extra,
    }
    return JSONResponse(body, status, headers=headers, media_type=PROBLEM_JSON)


def _documented(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {
        status: {
            "model": Problem,
            "description": HTTPStatus(status).phrase,
            "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
        for status in statuses
    }


_EVERY = (401, 405, 500, 503)  # any route: no token, wrong method, our fault, busy
_POST = _documented(*_EVERY, 400, 413, 415, 422, 504)
_GET = _documented(*_EVERY)


def create_app(
    service: Service,
    workers: Workers,
    limits: Limits = Limits(),
    token: str | None = None,
    store: Store | None = None,
) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI):
        workers.start()
        yield
        workers.stop()
        if store is not None:
            store.close()

    app = FastAPI(
        title="newsaudit",
        version=__version__,
        summary="Pre-publication checks of news articles: findings with evidence, a score, a gate.",
        description=(
            "Answers are the objects of the JSON report (schema newsaudit/report@1) that "
            "`newsaudit scan --format json` writes; refusals are RFC 9457 problem details "
            "(application/problem+json). A server started with --token-file requires "
            "`Authorization: Bearer TOKEN` on every route but /healthz."
        ),
        lifespan=lifespan,
    )
    rules = {rule.id: rule for rule in service.rules}

    async def audited(method: str, payload: Any) -> Response:
        started = time.perf_counter()
        answer = await workers.run(method, payload)
        ran = time.perf_counter()
        if store is not None:
            await run_in_threadpool(store.record, answer.history)
        # Where the time went (the W3C Server-Timing header): the audit of the minibatch
        # and the answer's encoding in the worker, waiting for a worker and crossing to
        # it, and the store; how many checks the minibatch held, and this request's share of
        # the CPU time its worker spent on their audit.
        waited = (ran - started) * 1e3 - answer.audit_ms - answer.encode_ms
        timing = (
            f"audit;dur={answer.audit_ms:.1f}, encode;dur={answer.encode_ms:.1f}, "
            f"wait;dur={max(waited, 0):.1f}, store;dur={(time.perf_counter() - ran) * 1e3:.1f}, "
            f"cpu;dur={answer.cpu_ms:.2f}, batch;desc={answer.batch}"
        )
        return Response(
            answer.body, media_type="application/json", headers={"Server-Timing": timing}
        )

    async def checked(article: ArticleIn) -> Response:
        return await audited("check", article.record())

    @app.post("/v1/check", response_model=CheckOut, responses=_POST, tags=["audit"])
    async def check(article: ArticleIn) -> Response:
        """Audit one article: its report object, the gate verdict and its fix-first list."""
        return await checked(article)

    @app.post("/v1/scan", response_model=ReportOut, responses=_POST, tags=["audit"])
    async def scan(batch: ScanIn) -> Response:
        """Audit a batch of articles: the JSON report (newsaudit/report@1) with the source ranking."""
        if len(batch.articles) > limits.max_articles:
            raise ProblemError(
                413,
                "too-many-articles",
                f"{len(batch.articles)} articles in one request; the limit is "
                f"{limits.max_articles} (send several requests)",
            )
        return await audited("scan", [article.record() for article in batch.articles])

    @app.get("/v1/rules", response_model=list[RuleOut], responses=_GET, tags=["rules"])
    async def list_rules() -> list[dict[str, Any]]:
        """Every rule the service checks, at its configured level."""
        return [_rule(rule) for rule in rules.values()]

    @app.get(
        "/v1/rules/{rule_id}",
        response_model=RuleDocOut,
        responses={**_GET, **_documented(404)},
        tags=["rules"],
    )
    async def explain(rule_id: str) -> dict[str, Any]:
        """One rule's documentation: what it flags, why, examples, and its page."""
        rule = rules.get(rule_id)
        if rule is None:
            raise ProblemError(
                404, "no-such-rule", f"no rule {rule_id!r}; GET /v1/rules lists them"
            )
        return {**_rule(rule), "page": rule_page(rule)}

    @app.get("/healthz", response_model=HealthOut, responses=_GET, tags=["service"])
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/version", response_model=VersionOut, responses=_GET, tags=["service"])
    async def version() -> dict[str, str]:
        return {"name": "newsaudit", "version": __version__, "schema": SCHEMA}

    _handle_errors(app)
    app.add_middleware(Guard, limits=limits, token=token, check=checked)
    return app


def _rule(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "name": rule.name,
        "category": rule.category,
        "level": rule.level,
        "confidence": rule.confidence,
        "kind": rule.kind,
        "scope": rule.scope,
        "message": rule.message,
        "why": " ".join(rule.why.split()),
        "examples": {"flag": list(rule.examples.flag), "allow": list(rule.examples.allow)},
        "doc": doc_path(rule.id),
    }


def _handle_errors(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> JSONResponse:
        errors = [_located(e) for e in error.errors()]
        if any(e["type"] == "json_invalid" for e in error.errors()):
            return problem(400, "malformed-json", "the body is not valid JSON", errors=errors)
        where = "; ".join(f"{e['location']}: {e['message']}" for e in errors[:5])
        return problem(422, "invalid-request", f"the request does not fit the schema: {where}",
                       errors=errors)  # fmt: skip

    @app.exception_handler(HTTPException)
    async def http(request: Request, error: HTTPException) -> JSONResponse:
        if error.status_code == 400:  # FastAPI's own: a body json.loads raised on
            detail = "the body cannot be parsed as JSON (nested too deeply, or a number too long)"
            return problem(400, "malformed-json", detail)
        phrase = HTTPStatus(error.status_code).phrase
        detail = error.detail if isinstance(error.detail, str) else phrase
        slug = phrase.lower().replace(" ", "-")
        return problem(error.status_code, slug, detail, headers=getattr(error, "headers", None))

    async def refusal(request: Request, error: Exception) -> JSONResponse:
        return _refusal(error)

    for refused in REFUSALS:
        app.add_exception_handler(refused, refusal)

    @app.exception_handler(Exception)
    async def failed(request: Request, error: Exception) -> JSONResponse:
        # The service's own fault, never the client's: say so, with the error's kind.
        return problem(
            500, "internal-error", f"the audit failed: {type(error).__name__}; please report it"
        )


REFUSALS = (ProblemError, Refused, Busy, TimedOut)  # answered with their problem, never a 500


def _refusal(error: Exception) -> JSONResponse:
    """The problem answer to a request the service refused or could not audit (REFUSALS)."""
    if isinstance(error, ProblemError):
        return problem(error.status, error.slug, error.detail, **error.extra)
    if isinstance(error, Refused):
        errors = [e.to_dict() for e in error.errors]
        return problem(422, "article-refused", f"the article was refused: {error}", errors=errors)
    if isinstance(error, Busy):
        return problem(503, "busy", f"the service is busy: {error}; retry shortly",
                       headers={"Retry-After": "1"})  # fmt: skip
    return problem(504, "audit-time-limit", str(error))


def _located(error: dict[str, Any]) -> dict[str, Any]:
    location = ".".join(str(part) for part in error.get("loc", ()) if part != "body") or "body"
    return {"location": location, "message": error.get("msg", ""), "type": error.get("type", "")}


class Guard:
    """ASGI middleware in front of every route: the bearer token, then the body (size, media
    type, UTF-8), refused with a problem answer before the application sees it.

    A check whose body is a valid article is answered here, validated by the route's own
    model as the route would (json.loads, then ArticleIn): routing, dependency solving and
    the route's wrappers cost the server a fifth of its CPU per check. Any other body goes
    on to the route, which answers its problem."""

    def __init__(
        self,
        app: ASGIApp,
        limits: Limits,
        token: str | None,
        check: Callable[[ArticleIn], Awaitable[Response]],
    ):
        self.app = app
        self.limits = limits
        self.token = token.encode() if token else None
        self.check = check

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v for k, v in scope["headers"]}
        refusal = self._unauthorised(scope, headers)
        if refusal is None and scope["method"] == "POST" and scope["path"] in BODY_PATHS:
            refusal, body = await self._body(headers, receive)
            if refusal is None:
                if scope["path"] == CHECK_PATH and (article := _article(body)) is not None:
                    await self._checked(article, scope, receive, send)
                    return
                receive = _replay(body, receive)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        await self.app(scope, receive, send)

    async def _checked(self, article: ArticleIn, scope: Scope, receive: Receive, send: Send):
        try:
            response = await self.check(article)
        except REFUSALS as error:
            response = _refusal(error)
        await response(scope, receive, send)

    def _unauthorised(self, scope: Scope, headers: dict[str, bytes]) -> JSONResponse | None:
        if self.token is None or scope["path"] in OPEN_PATHS:
            return None
        scheme, _, given = headers.get("authorization", b"").partition(b" ")
        if scheme.lower() == b"bearer" and hmac.compare_digest(given.strip(), self.token):
            return None
        return problem(401, "unauthorized", "a bearer token is required (Authorization: Bearer …)",
                       headers={"WWW-Authenticate": 'Bearer realm="newsaudit"'})  # fmt: skip

    async def _body(
        self, headers: dict[str, bytes], receive: Receive
    ) -> tuple[JSONResponse | None, bytes]:
        """The request's body, read whole, or the problem that refuses it (with what was read)."""
        limit = self.limits.max_body
        declared = headers.get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            return _too_large(limit), b""
        media = headers.get("content-type", b"").split(b";")[0].strip().lower()
        if media != b"application/json" and not media.endswith(b"+json"):
            shown = media.decode("latin-1") or "none"
            return problem(415, "unsupported-media-type",
                           f"send the body as application/json (got {shown})"), b""  # fmt: skip
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                return _too_large(limit), b""
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        try:
            body.decode("utf-8")
        except UnicodeDecodeError as error:
            return problem(400, "not-utf-8",
                           f"the body is not UTF-8 (byte {error.start}: {error.reason})"), b""  # fmt: skip
        return None, body


def _article(body: bytes) -> ArticleIn | None:
    """The body as the check route reads it (FastAPI: json.loads, then the model), or None
    when the route would refuse it: the route then answers with its problem."""
    try:
        return ArticleIn.model_validate(json.loads(body))
    except (ValueError, RecursionError):  # ValidationError is a ValueError, as JSON's errors
        return None


def _too_large(limit: int) -> JSONResponse:
    return problem(413, "body-too-large", f"the request body is over the limit of {limit:,} bytes")


def _replay(body: bytes, then: Receive) -> Callable[[], Awaitable[Message]]:
    """The body read by the guard, once, then the client's own messages (its disconnect)."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return await then()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


def openapi_document(app: FastAPI) -> str:
    """The OpenAPI document, as committed in docs/openapi.json."""
    return json.dumps(app.openapi(), indent=2, ensure_ascii=False) + "\n"
