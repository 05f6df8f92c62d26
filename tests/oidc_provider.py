"""A small OpenID Connect provider on 127.0.0.1 that behaves like Microsoft Entra ID.

It serves what a sign-in touches: the discovery document, the signing keys (JWKS), an authorize
endpoint that signs in whoever the test chose and sends the browser straight back with a code,
and a token endpoint that checks the client, the redirect address and PKCE before it hands out
an RS256-signed ID token. Like Entra ID, the token has no `email_verified` claim. Nothing here
touches the internet.

    with FakeEntraID() as entra:
        entra.sign_in_as(sub="abc", email="ann@ucl.ac.uk")
        ...
"""

import base64
import functools
import hashlib
import http.client
import json
import secrets
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

TENANT = "11111111-2222-3333-4444-555555555555"
CLIENT_ID = "cop-portal-client-id"
CLIENT_SECRET = "cop-portal-client-secret"


@functools.cache
def _signing_key(name: str) -> rsa.RSAPrivateKey:
    """One RSA key per name for the whole test run: making one takes a noticeable moment."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class FakeEntraID:
    def __init__(self, *, tenant: str = TENANT):
        self.tenant = tenant
        self._key = _signing_key("published")
        self._kid = "fake-entra-key-1"
        # A key the provider does not publish: tokens signed with it must be refused.
        self._rogue_key = _signing_key("rogue")
        self.sign_with_rogue_key = False
        self.identity: dict | None = None
        self._codes: dict[str, dict] = {}
        self.paths: list[str] = []  # every path asked for, in order
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.base = f"http://127.0.0.1:{self._server.server_address[1]}"
        self.issuer = f"{self.base}/{tenant}/v2.0"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    # Running it ------------------------------------------------------------------------

    def __enter__(self) -> "FakeEntraID":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def socialaccount_providers(self) -> dict:
        """SOCIALACCOUNT_PROVIDERS as ucl_cop/settings.py builds it for AUTH_MODE=oidc."""
        return {
            "openid_connect": {
                "OAUTH_PKCE_ENABLED": True,
                "APPS": [
                    {
                        "provider_id": "ucl",
                        "name": "UCL",
                        "client_id": CLIENT_ID,
                        "secret": CLIENT_SECRET,
                        "settings": {
                            "server_url": self.issuer,
                            "token_auth_method": "client_secret_post",
                            "fetch_userinfo": False,
                        },
                    }
                ],
            }
        }

    # Who signs in ------------------------------------------------------------------------

    def sign_in_as(self, *, sub: str, email: str | None, name: str = "", **claims) -> None:
        """The next visit to the authorize endpoint signs in this UCL account."""
        self.identity = {"sub": sub, "name": name, **claims}
        if email is not None:
            self.identity.update(email=email, preferred_username=email)

    def cancel_sign_in(self) -> None:
        """The next visit to the authorize endpoint answers as if the person pressed Cancel."""
        self.identity = None

    def authorize(self, url: str) -> str:
        """Visit the authorize URL as a browser would; return the callback URL it sends back."""
        parts = urlsplit(url)
        connection = http.client.HTTPConnection(parts.netloc, timeout=5)
        try:
            connection.request("GET", f"{parts.path}?{parts.query}")
            response = connection.getresponse()
            location = response.getheader("Location")
        finally:
            connection.close()
        if response.status != 302 or not location:
            raise AssertionError(f"the authorize endpoint answered {response.status}")
        return location

    # The endpoints -----------------------------------------------------------------------

    def _discovery(self) -> dict:
        root = f"{self.base}/{self.tenant}"
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{root}/oauth2/v2.0/authorize",
            "token_endpoint": f"{root}/oauth2/v2.0/token",
            "jwks_uri": f"{root}/discovery/v2.0/keys",
            "userinfo_endpoint": f"{self.base}/oidc/userinfo",
            "response_types_supported": ["code", "id_token", "code id_token"],
            "subject_types_supported": ["pairwise"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": [
                "client_secret_post",
                "private_key_jwt",
                "client_secret_basic",
            ],
            "scopes_supported": ["openid", "profile", "email", "offline_access"],
        }

    def _jwks(self) -> dict:
        jwk = RSAAlgorithm.to_jwk(self._key.public_key(), as_dict=True)
        return {"keys": [{**jwk, "kid": self._kid, "use": "sig", "alg": "RS256"}]}

    def _authorize(self, query: dict[str, str]) -> tuple[int, dict[str, str]]:
        redirect_uri = query["redirect_uri"]
        if self.identity is None:
            answer = {"error": "access_denied", "state": query.get("state", "")}
            return 302, {"Location": f"{redirect_uri}?{urlencode(answer)}"}
        assert query["client_id"] == CLIENT_ID
        assert query["response_type"] == "code"
        assert "openid" in query["scope"].split()
        assert query["code_challenge_method"] == "S256"
        code = secrets.token_urlsafe(16)
        self._codes[code] = {
            "identity": self.identity,
            "redirect_uri": redirect_uri,
            "code_challenge": query["code_challenge"],
        }
        answer = {"code": code, "state": query["state"]}
        return 302, {"Location": f"{redirect_uri}?{urlencode(answer)}"}

    def _token(self, form: dict[str, str]) -> tuple[int, dict]:
        grant = self._codes.pop(form.get("code", ""), None)
        if (
            grant is None
            or form.get("grant_type") != "authorization_code"
            or form.get("client_id") != CLIENT_ID
            or form.get("client_secret") != CLIENT_SECRET
            or form.get("redirect_uri") != grant["redirect_uri"]
        ):
            return 400, {"error": "invalid_grant"}
        verifier = form.get("code_verifier", "")
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
        if challenge.rstrip(b"=").decode() != grant["code_challenge"]:
            return 400, {"error": "invalid_grant", "error_description": "PKCE check failed"}
        now = int(time.time())
        claims = {
            "aud": CLIENT_ID,
            "iss": self.issuer,
            "iat": now,
            "nbf": now,
            "exp": now + 3600,
            "tid": self.tenant,
            "oid": str(uuid.uuid5(uuid.NAMESPACE_URL, grant["identity"]["sub"])),
            "ver": "2.0",
            **grant["identity"],
        }
        key = self._rogue_key if self.sign_with_rogue_key else self._key
        id_token = jwt.encode(claims, key, algorithm="RS256", headers={"kid": self._kid})
        return 200, {
            "token_type": "Bearer",
            "scope": "openid profile email",
            "expires_in": 3600,
            "access_token": secrets.token_urlsafe(24),
            "id_token": id_token,
        }

    def _handler(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # keep the test output quiet
                pass

            def _send(self, status: int, body: dict | None = None, headers=None) -> None:
                payload = json.dumps(body).encode() if body is not None else b""
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def do_GET(self) -> None:
                url = urlsplit(self.path)
                provider.paths.append(url.path)
                root = f"/{provider.tenant}"
                if url.path == f"{root}/v2.0/.well-known/openid-configuration":
                    self._send(200, provider._discovery())
                elif url.path == f"{root}/discovery/v2.0/keys":
                    self._send(200, provider._jwks())
                elif url.path == f"{root}/oauth2/v2.0/authorize":
                    query = {key: values[0] for key, values in parse_qs(url.query).items()}
                    status, headers = provider._authorize(query)
                    self._send(status, None, headers)
                else:
                    self._send(404, {"error": "not_found"})

            def do_POST(self) -> None:
                url = urlsplit(self.path)
                provider.paths.append(url.path)
                length = int(self.headers.get("Content-Length") or 0)
                form = {
                    key: values[0]
                    for key, values in parse_qs(self.rfile.read(length).decode()).items()
                }
                if url.path == f"/{provider.tenant}/oauth2/v2.0/token":
                    self._send(*provider._token(form))
                else:
                    self._send(404, {"error": "not_found"})

        return Handler
