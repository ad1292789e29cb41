"""A case kind that exists only in the tests: 12345 hotline referrals (热线转办).

Everything it adds to gigcase is in this package — its model and FSM, its spec, payloads and
a case-page panel — plus one line in `gigcase/settings/test.py` that installs it. The tests
in `tests/casework/test_sample_kind.py` drive it through the API and its page: the proof
that one package is enough for a kind (docs/adding-a-kind.md walks through the same steps).
"""
