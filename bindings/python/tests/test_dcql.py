"""DCQL through the binding: parse, match SD-JWT VC and mdoc candidates,
claim sets, values, credential sets, and negatives."""

import pytest

from conftest import raises_code
from libwallet import (
    DcqlCandidates,
    DcqlQuery,
    ErrorCode,
    MalformedError,
    PolicyError,
)

PID = "https://city.example/pid"
MDL = "org.iso.18013.5.1.mDL"

QUERY = {
    "credentials": [
        {"id": "pid", "format": "dc+sd-jwt", "meta": {"vct_values": [PID]},
         "claims": [{"id": "a", "path": ["address", "locality"], "values": ["Hanoi"]},
                    {"id": "b", "path": ["nationalities", None]},
                    {"id": "c", "path": ["birthdate"]}],
         "claim_sets": [["a", "c"], ["a", "b"]]},
        {"id": "mdl", "format": "mso_mdoc", "meta": {"doctype_value": MDL},
         "claims": [{"path": ["org.iso.18013.5.1", "age_over_18"], "intent_to_retain": False}]},
    ],
}


@pytest.fixture
def candidates(ctx):
    c = DcqlCandidates(ctx=ctx)
    c.add("cred-1", "dc+sd-jwt", PID,
          {"address": {"locality": "Hanoi"}, "nationalities": ["VN", "FR"]},
          holder_binding=True)
    c.add("cred-2", "mso_mdoc", MDL, {"org.iso.18013.5.1": {"age_over_18": True}},
          holder_binding=True)
    return c


def test_parse_and_normalise(ctx):
    q = DcqlQuery.parse(QUERY, ctx=ctx)
    assert q.credential_ids == ["pid", "mdl"]
    n = q.to_dict()
    assert n["credentials"][0]["multiple"] is False
    assert n["credentials"][0]["require_cryptographic_holder_binding"] is True


def test_match_selects_claims(ctx, candidates):
    q = DcqlQuery.parse(QUERY, ctx=ctx)
    assert len(candidates) == 2
    r = q.match(candidates)
    assert r.satisfied and r
    r.check()
    pres = r.presentation
    assert pres["pid"][0]["candidate"] == "cred-1"
    # claim set ["a", "c"] fails (no birthdate): the second one is used.
    assert pres["pid"][0]["claims"] == [["address", "locality"], ["nationalities", 0],
                                        ["nationalities", 1]]
    assert pres["pid"][0]["disclose"] == "address.locality,nationalities.0,nationalities.1"
    assert pres["mdl"][0]["candidate"] == "cred-2"
    assert pres["mdl"][0]["disclose"] == "org.iso.18013.5.1/age_over_18"
    d = r.to_dict()
    assert d["credentials"][0]["matches"][0]["claim_set"] == 1


def test_unsatisfied_values(ctx):
    c = DcqlCandidates(ctx=ctx)
    c.add("cred-1", "dc+sd-jwt", PID, {"address": {"locality": "Hue"}}, holder_binding=True)
    r = DcqlQuery.parse(QUERY, ctx=ctx).match(c)
    assert not r.satisfied and r.presentation == {}
    e = raises_code(ErrorCode.DCQL_UNSATISFIED, r.check)
    assert isinstance(e, PolicyError) and "pid" in e.detail


def test_holder_binding_required(ctx):
    c = DcqlCandidates(ctx=ctx)
    c.add("cred-1", "dc+sd-jwt", PID,
          {"address": {"locality": "Hanoi"}, "nationalities": ["VN"]})
    q = DcqlQuery.parse({"credentials": [QUERY["credentials"][0]]}, ctx=ctx)
    assert not q.match(c).satisfied


def test_credential_sets_and_authorities(ctx, candidates):
    q = DcqlQuery.parse({
        "credentials": [
            {"id": "pid", "format": "dc+sd-jwt", "meta": {"vct_values": [PID]},
             "trusted_authorities": [{"type": "aki", "values": ["s9tIpPmhxdiuNkHMEWNpYim8S8Y"]}]},
            {"id": "mdl", "format": "mso_mdoc", "meta": {"doctype_value": MDL}}],
        "credential_sets": [{"options": [["pid"], ["mdl"]]}]}, ctx=ctx)
    r = q.match(candidates)
    # cred-1 has no authority data: fail closed, the mdl option is chosen.
    assert r.satisfied and list(r.presentation) == ["mdl"]
    candidates.add_authority("cred-1", "aki", "s9tIpPmhxdiuNkHMEWNpYim8S8Y")
    assert list(q.match(candidates).presentation) == ["pid"]
    raises_code(ErrorCode.NOT_FOUND, candidates.add_authority, "nope", "aki", "x")


@pytest.mark.parametrize("query,code", [
    ({"credentials": []}, ErrorCode.DCQL_EMPTY),
    ({"credentials": [{"id": "a b", "format": "dc+sd-jwt",
                       "meta": {"vct_values": ["x"]}}]}, ErrorCode.DCQL_ID),
    ({"credentials": [{"id": "a", "format": "dc+sd-jwt", "meta": {"vct_values": ["x"]}},
                      {"id": "a", "format": "dc+sd-jwt", "meta": {"vct_values": ["x"]}}]},
     ErrorCode.DCQL_DUPLICATE_ID),
    ({"credentials": [{"id": "a", "format": "dc+sd-jwt", "meta": {}}]}, ErrorCode.DCQL_META),
    ({"credentials": [{"id": "a", "format": "dc+sd-jwt", "meta": {"vct_values": ["x"]},
                       "claims": [{"path": [1.5]}]}]}, ErrorCode.DCQL_PATH),
    ({"credentials": [{"id": "a", "format": "dc+sd-jwt", "meta": {"vct_values": ["x"]},
                       "claims": [{"path": ["x"], "values": [{}]}]}]}, ErrorCode.DCQL_VALUES),
    ({"credentials": [{"id": "a", "format": "dc+sd-jwt", "meta": {"vct_values": ["x"]},
                       "claim_sets": [["q"]]}]}, ErrorCode.DCQL_CLAIM_SETS_WITHOUT_CLAIMS),
    ({"credentials": [{"id": "a", "format": "mso_mdoc", "meta": {"doctype_value": MDL}}],
      "credential_sets": [{"options": [["zz"]]}]}, ErrorCode.DCQL_UNKNOWN_ID),
    ([], ErrorCode.DCQL_FORMAT),
])
def test_parse_errors(ctx, query, code):
    e = raises_code(code, DcqlQuery.parse, query, ctx=ctx)
    assert isinstance(e, MalformedError) and e.detail


def test_candidate_errors(ctx, candidates):
    raises_code(ErrorCode.DCQL_CANDIDATE, candidates.add, "cred-1", "dc+sd-jwt", PID, {})
    raises_code(ErrorCode.DCQL_CANDIDATE, candidates.add, "cred-9", "jwt_vc_json", "t", {})
    raises_code(ErrorCode.DCQL_CANDIDATE, candidates.add, "cred-8", "dc+sd-jwt", PID, [1])
    raises_code(ErrorCode.JSON, candidates.add, "cred-7", "dc+sd-jwt", PID, "{")
