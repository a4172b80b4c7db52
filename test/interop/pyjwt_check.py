"""PyJWT side of the interop test.

Reads one JSON batch on stdin:
  {"verify": [{"id", "token", "alg", "key", "keyEncoding": "pem" | "base64url"}],
   "sign":   [{"id", "alg", "key", "keyEncoding", "kid", "payload"}],
   "aliases": {"<name>": "<PyJWT algorithm>"}}   (optional)
and prints one JSON object: PyJWT's version and algorithms, then for each
request either the verified header and claims or the token it signed, or the
error PyJWT raised. Each alias PyJWT does not know already is registered
(jwt.register_algorithm) with PyJWT's own implementation of the algorithm it
names, and listed under "registered": how an RFC 9864 name such as Ed25519 is
used with a PyJWT that predates it.
"""

import base64
import json
import sys

import jwt
from jwt.algorithms import get_default_algorithms


def load_key(item):
    if item["keyEncoding"] == "base64url":
        text = item["key"]
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    return item["key"]


def main():
    batch = json.load(sys.stdin)
    defaults = get_default_algorithms()
    out = {
        "version": jwt.__version__,
        "algorithms": sorted(defaults.keys()),
        "registered": [],
        "verified": {},
        "signed": {},
    }
    for name, target in batch.get("aliases", {}).items():
        if name not in defaults and target in defaults:
            jwt.register_algorithm(name, defaults[target])
            out["registered"].append(name)
    for item in batch.get("verify", []):
        try:
            claims = jwt.decode(
                item["token"],
                load_key(item),
                algorithms=[item["alg"]],
                options={"verify_aud": False},
            )
            header = jwt.get_unverified_header(item["token"])
            out["verified"][item["id"]] = {"ok": True, "claims": claims, "header": header}
        except Exception as error:  # report every failure to the test
            out["verified"][item["id"]] = {"ok": False, "error": "%s: %s" % (type(error).__name__, error)}
    for item in batch.get("sign", []):
        try:
            token = jwt.encode(item["payload"], load_key(item), algorithm=item["alg"], headers={"kid": item["kid"]})
            if isinstance(token, bytes):
                token = token.decode("ascii")
            out["signed"][item["id"]] = {"ok": True, "token": token}
        except Exception as error:
            out["signed"][item["id"]] = {"ok": False, "error": "%s: %s" % (type(error).__name__, error)}
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
