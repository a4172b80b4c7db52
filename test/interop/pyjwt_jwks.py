"""PyJWT side of the trusted-issuer interop test: an issuer made of PyJWT and cryptography.

Reads {"issuer", "audience", "now"} on stdin; makes an RSA-2048 and an EC P-256 key with cryptography,
publishes their public halves as a JWK Set with PyJWT's own JWK export (RSAAlgorithm.to_jwk,
ECAlgorithm.to_jwk, each given a kid), and signs one token per algorithm with PyJWT. Prints
{"version", "jwks" (the JWK Set as text, as a server would send it), "tokens": {alg: token}}.
"""

import json
import sys

import jwt
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt.algorithms import ECAlgorithm, RSAAlgorithm


def main():
    request = json.load(sys.stdin)
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ec_key = ec.generate_private_key(ec.SECP256R1())
    rsa_jwk = json.loads(RSAAlgorithm.to_jwk(rsa_key.public_key()))
    rsa_jwk["kid"] = "py-rsa"
    ec_jwk = json.loads(ECAlgorithm.to_jwk(ec_key.public_key()))
    ec_jwk["kid"] = "py-ec"
    claims = {
        "iss": request["issuer"],
        "aud": request["audience"],
        "sub": "from-pyjwt",
        "iat": request["now"] - 10,
        "exp": request["now"] + 600,
    }
    tokens = {}
    for alg, key, kid in [("RS256", rsa_key, "py-rsa"), ("PS256", rsa_key, "py-rsa"), ("ES256", ec_key, "py-ec")]:
        token = jwt.encode(claims, key, algorithm=alg, headers={"kid": kid})
        tokens[alg] = token if isinstance(token, str) else token.decode("ascii")
    print(json.dumps({"version": jwt.__version__, "jwks": json.dumps({"keys": [rsa_jwk, ec_jwk]}, indent=2), "tokens": tokens}))


if __name__ == "__main__":
    main()
