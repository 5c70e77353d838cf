"""Local sandboxes: a stateful emulator of each provider's routing API, served on 127.0.0.1.

No vendor sandbox is reachable from CI, so recording, the nightly job and the
clients' own tests need somewhere to run every day. Like stripe-mock or Prism,
but stateful, because the routing semantics are state: assign a number twice
and the second call is the documented 400; unassign it and the list no longer
shows its trunk.

How a request is answered (sandbox/provider.py): the body is read (1 MiB at
most), injected faults fire, the request is judged against the normalized spec
``specs/<provider>/openapi.yaml`` by openapi-core (unknown path, wrong method,
missing credentials, bad parameter or body: the vendor's documented error shape
and status), the credentials are checked against the fixture, and only then do
the documented semantics run, atomically, on in-memory state seeded from
``sandbox/fixtures/<provider>.yaml``.

Modules: ``app`` (one Starlette app, a mount per provider), ``provider`` (the
pipeline: ``VendorEmulator``, each vendor's base class), ``spec`` (openapi-core), ``state`` (fixtures, the store, the clock),
``faults``, ``hygiene`` (paths no vendor serves), ``numbers`` (E.164), ``wire`` (raw path, bounded body), ``guard`` (JSON 500s, never a
traceback page), ``vhosts`` (each provider at its vendor's own host, the sandbox as the
client's HTTP proxy), ``admin`` (/_sandbox controls), ``vobiz`` / ``tryvox`` /
``mihu`` / ``bolna`` / ``twilio`` (each vendor's errors, credentials and operations; Twilio's list
paging in ``twilio_pages``),
``testing`` (start one inside a test), ``__main__`` (``make sandbox``), ``cli`` and
``pytest_plugin`` (the installed carrier-sandbox's command and ``carrier_sandbox`` fixture),
``distribution`` (``make dist`` builds carrier-sandbox).

Running it
----------
``make sandbox`` (``python -m sandbox --port 8765``; ``PORT=0`` picks a free port)
prints each provider's base URL and the fixture's fake credentials::

    vobiz   base_url=http://127.0.0.1:8765/vobiz   auth_id=MA_XXXXXXXX auth_token=sandbox-vobiz-token
    tryvox  base_url=http://127.0.0.1:8765/tryvox  token=tvx_sk_test_sandbox account_id=acc_123abc
    mihu    base_url=http://127.0.0.1:8765/mihu    token=sandbox-mihu-token
    bolna   base_url=http://127.0.0.1:8765/bolna   token=sandbox-bolna-key
    twilio  base_url=http://127.0.0.1:8765/twilio  account_sid=ACaaaa... auth_token=sandbox-twilio-token

In a test (a free port on 127.0.0.1, stopped when the block ends)::

    from sandbox.testing import running_sandbox

    with running_sandbox() as sandbox:
        sandbox.base_url("vobiz")      # "http://127.0.0.1:<port>/vobiz"
        sandbox.credentials("vobiz")   # {"auth_id": "MA_XXXXXXXX", "auth_token": "sandbox-vobiz-token"}
        sandbox.extras("tryvox")       # {"account_id": "acc_123abc"}
        sandbox.environ()              # {"VOBIZ_BASE_URL": ..., "VOBIZ_AUTH_ID": ..., ...} (conformance/targets.py names)
        client = sandbox.client("vobiz", max_retries=0)   # the generated AuthenticatedClient, pointed here
        sandbox.reset()                                   # back to the fixtures; reset("vobiz", fixture={...}) reseeds one
        sandbox.fixture("vobiz")       # the fixture it started with: a starting point for a variant
        sandbox.environ(vendor_hosts=True)  # base URLs http://api.vobiz.ai ..., ALL_PROXY=the sandbox
        sandbox.arm_fault("429;retry-after=0;count=2", provider="vobiz")
        sandbox.state("vobiz")         # the provider's state, as JSON

Faults (sandbox/faults.py): the ``X-Sandbox-Fault: 429;retry-after=1;count=2``
request header faults the request that carries it, every time (``count=N``: N
consecutive sends of the same request, then one served, for retry tests), or
``POST /_sandbox/faults`` for whoever calls next; kinds 429, 500, 502, 503, 504,
``slow;delay=S``, ``drop``, and 400 / 422 (errors documented API-wide that no state
produces). Paths with control characters, encoded slashes or dot segments are
never served (``hygiene``). Controls (sandbox/admin.py): ``GET /_sandbox``, ``POST /_sandbox/reset``,
``/_sandbox/faults``, ``GET /_sandbox/state/<provider>``, ``GET /_sandbox/fixtures/<provider>``.
A fixture may set its own ``clock`` (sandbox/state.py ScriptedClock) and, for Bolna and
Mihu, the ids it hands out, so documented examples come out exactly.
"""
