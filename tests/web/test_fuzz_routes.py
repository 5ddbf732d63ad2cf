"""Every route of the desk driven with hostile numbers and text (issue 26, item 9): ids
past 64 bits, negative numbers, huge strings and control characters, in the path, the
query and the form. No answer may be a 500 (an OverflowError from the store was one)."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from flask.testing import FlaskClient
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.fuzz.strategies import FUZZ
from tests.web.conftest import Desk, csrf_of

pytestmark = pytest.mark.fuzz
WEB = settings(FUZZ, suppress_health_check=[*FUZZ.suppress_health_check,
                                            HealthCheck.function_scoped_fixture])  # fmt: skip

NUMBERS = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([2**63 - 1, 2**63, 2**64, -(2**63), -(2**63) - 1, 0, -1]),
).map(str)
HUGE = st.integers(min_value=20, max_value=6000).map(lambda n: "9" * n)
CONTROLS = st.text(alphabet=st.characters(categories=["Cc", "Cf", "Zs", "Zl", "Zp"]), max_size=8)
TEXT = st.text(max_size=40)
VALUES = st.one_of(NUMBERS, HUGE, CONTROLS, TEXT, st.sampled_from(["²", "١٢", "1e400", "nan"]))

ID_ROUTES = ("/pair/{}", "/claim/{}", "/source/{}", "/topic/{}")
PAGES = ("/", "/queue", "/sources", "/topics", "/search", "/log", "/signin")
QUERY_KEYS = ("page", "topic", "claim", "q", "status", "kind", "outlet", "since", "until",
              "min_score", "sort", "next")  # fmt: skip


def _ok(response, what: str) -> None:
    assert response.status_code < 500, f"{what}: {response.status_code}"


@WEB
@given(route=st.sampled_from(ID_ROUTES), value=VALUES)
@example(route="/pair/{}", value="99999999999999999999")
@example(route="/claim/{}", value="9223372036854775808")
@example(route="/topic/{}", value="-1")
def test_ids_in_the_path(alice: FlaskClient, route: str, value: str) -> None:
    response = alice.get(route.format(quote(value, safe="")))
    _ok(response, route.format(repr(value)))
    if value.isascii() and value.isdigit() and (len(value) > 19 or int(value) >= 2**63):
        assert response.status_code == 404


@WEB
@given(path=st.sampled_from(PAGES + ("/pair/1", "/source/1")),
       query=st.dictionaries(st.sampled_from(QUERY_KEYS), VALUES, max_size=4))  # fmt: skip
@example(path="/queue", query={"page": "99999999999999999999"})
@example(path="/queue", query={"topic": "99999999999999999999"})
@example(path="/log", query={"page": "9" * 30})
@example(path="/search", query={"q": "a", "page": "369367187582389561"})
@example(path="/source/1", query={"claim": "9" * 40})
@example(path="/queue", query={"page": "²"})
def test_numbers_and_text_in_the_query(alice: FlaskClient, path: str, query: dict) -> None:
    _ok(alice.get(path, query_string=query), f"{path} {query!r}")


ACTIONS = ("pair/{}/status", "pair/{}/note", "claim/{}/status", "claim/{}/note",
           "pair/{}/progress", "claim/{}/dismiss-all")  # fmt: skip


@WEB
@given(action=st.sampled_from(ACTIONS), item=st.one_of(NUMBERS, HUGE),
       form=st.dictionaries(st.sampled_from(["status", "seen", "note", "next", "action"]),
                            VALUES, max_size=4))  # fmt: skip
@example(action="pair/{}/status", item="99999999999999999999",
         form={"status": "confirmed", "seen": "open"})  # fmt: skip
@example(action="claim/{}/note", item="1", form={"note": "\x00"})
@example(action="claim/{}/dismiss-all", item="1", form={"seen": "99999999999999999999"})
@example(action="claim/{}/dismiss-all", item="1", form={"seen": "²"})
@example(action="pair/{}/progress", item="9" * 25, form={"action": "take"})
def test_posts_to_every_action(
    desk: Desk, alice: FlaskClient, action: str, item: str, form: dict
) -> None:
    token = csrf_of(alice, "/queue")
    path = "/" + action.format(quote(item, safe=""))
    _ok(alice.post(path, data={**form, "csrf_token": token}), f"{path} {form!r}")


@settings(WEB, max_examples=12)
@given(form=st.dictionaries(st.sampled_from(["name", "token", "next"]), VALUES, max_size=3))
@example(form={"name": "alice", "token": "x", "next": "/\n/x"})
def test_sign_in_and_out_with_anything(client: FlaskClient, form: dict) -> None:
    token = csrf_of(client, "/signin")
    _ok(client.post("/signin", data={**form, "csrf_token": token}), repr(form))
    _ok(client.post("/signout", data={"csrf_token": token}), "signout")
