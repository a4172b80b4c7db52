"""Metabase static embedding: the server signs the dashboard URL for a user's region."""
import os
import time

import jwt  # PyJWT

METABASE_SITE_URL = os.environ.get("METABASE_SITE_URL", "https://metabase.example.com")
# Demo secret from samples/README.md; production reads it from the secret store.
METABASE_SECRET_KEY = os.environ.get("METABASE_SECRET_KEY", "deadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeefdeadbeef")

# What the signed URL looked like when the dashboard was first embedded.
EXAMPLE_EMBED_URL = (
    "https://metabase.example.com/embed/dashboard/"
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJyZXNvdXJjZSI6eyJkYXNoYm9hcmQiOjd9LCJwYXJhbXMiOnsicmVnaW9uIjpbIkVNRUEiXX0sImV4cCI6MTg5MzQ1NjAwMH0.qAPxLrbE6MO3SUz8S6RE3pNt-fhwNHQ8BkgvTHSzyBQ"
    "#bordered=true&titled=true"
)


def dashboard_url(dashboard_id: int, region: str) -> str:
    payload = {
        "resource": {"dashboard": dashboard_id},
        "params": {"region": [region]},
        "exp": round(time.time()) + 10 * 60,
    }
    token = jwt.encode(payload, METABASE_SECRET_KEY, algorithm="HS256")
    return f"{METABASE_SITE_URL}/embed/dashboard/{token}#bordered=true&titled=true"


if __name__ == "__main__":
    print(dashboard_url(7, "EMEA"))
