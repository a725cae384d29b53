#!/usr/bin/env python3
"""A yente client as OpenSanctions' docs write one, with only the standard library, against a live
`embargo serve`. Every response is validated against yente's models (docs/yente-models.schema.json).

usage: yente_client.py EMBARGO_BINARY SOURCE_DIR
"""
import hashlib
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

API_KEY = "client-test-key-0123456789"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(url, body=None, status=200, form=None, key=API_KEY):
    """GET, or POST of a JSON body (or of a form, as OpenRefine posts), with the hosted API's
    `Authorization: ApiKey` header."""
    data, content_type = None, "application/json"
    if body is not None:
        data = json.dumps(body).encode()
    if form is not None:
        data, content_type = urllib.parse.urlencode(form).encode(), "application/x-www-form-urlencoded"
    headers = {"Content-Type": content_type}
    if key:
        headers["Authorization"] = "ApiKey " + key
    req = urllib.request.Request(url, data=data, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            code, text = resp.status, resp.read()
    except urllib.error.HTTPError as err:
        code, text = err.code, err.read()
    assert code == status, f"{url}: HTTP {code}, expected {status}: {text[:300]!r}"
    return json.loads(text)


class Validator:
    """The part of JSON Schema the models use: $ref, allOf, anyOf, type, required, properties,
    additionalProperties, items, pattern."""

    def __init__(self, doc):
        self.doc = doc

    def check(self, value, schema, where):
        if "$ref" in schema:
            return self.check(value, self.doc["definitions"][schema["$ref"].split("/")[-1]], where)
        for sub in schema.get("allOf", []):
            self.check(value, sub, where)
        if "anyOf" in schema:
            failures = []
            for sub in schema["anyOf"]:
                try:
                    self.check(value, sub, where)
                    break
                except AssertionError as err:
                    failures.append(str(err))
            else:
                raise AssertionError(f"{where}: matches none of anyOf: {failures}")
        types = schema.get("type")
        if types is not None:
            types = types if isinstance(types, list) else [types]
            python = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}
            ok = any((t == "integer" and isinstance(value, int) and not isinstance(value, bool)) or
                     (t == "number" and isinstance(value, (int, float)) and not isinstance(value, bool)) or
                     (t in python and isinstance(value, python[t])) for t in types)
            assert ok, f"{where}: {value!r} is not {types}"
        if isinstance(value, str) and "pattern" in schema:
            assert re.search(schema["pattern"], value), f"{where}: {value!r} does not match {schema['pattern']}"
        if isinstance(value, dict):
            for key in schema.get("required", []):
                assert key in value, f"{where}: required field '{key}' missing"
            props = schema.get("properties", {})
            for key, sub in value.items():
                if key in props:
                    self.check(sub, props[key], f"{where}.{key}")
                elif isinstance(schema.get("additionalProperties"), dict):
                    self.check(sub, schema["additionalProperties"], f"{where}.{key}")
        if isinstance(value, list) and "items" in schema:
            for i, item in enumerate(value):
                self.check(item, schema["items"], f"{where}[{i}]")

    def model(self, value, name):
        self.check(value, {"$ref": "#/definitions/" + name}, name)


def main():
    binary, source = sys.argv[1], sys.argv[2]
    with open(os.path.join(source, "docs", "yente-models.schema.json")) as f:
        models = Validator(json.load(f))
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        keys = os.path.join(tmp, "keys")
        with open(keys, "w") as f:
            f.write(hashlib.sha256(API_KEY.encode()).hexdigest() + "\n")
        server = subprocess.Popen([binary, "--lists", os.path.join(source, "data", "lists"), "serve",
                                   "--port", str(port), "--api-keys", keys, "--threads", "2"])
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(600):
                try:
                    urllib.request.urlopen(base + "/healthz", timeout=1)
                    break
                except OSError:
                    assert server.poll() is None, "embargo serve exited"
                    time.sleep(0.1)
            run(base, models)
        finally:
            server.terminate()
            server.wait(timeout=30)
    print("yente client: all checks passed")


def run(base, models):
    query = {"queries": {"putin": {"schema": "Person", "properties": {
        "name": ["Vladimir Putin"], "birthDate": ["1952-10-07"], "nationality": ["ru"]}}}}
    for algorithm in ("logic-v1", "logic-v2", "name-based", "regression-v1", "best"):
        resp = request(f"{base}/match/default?algorithm={algorithm}", query)
        models.model(resp, "EntityMatchResponse5")
        models.model(resp, "EntityMatchResponse4")
    top = resp["responses"]["putin"]["results"][0]
    assert top["id"] == "ofac-sdn:35096" and top["match"], top
    assert "us_ofac_sdn" in top["datasets"], top["datasets"]
    assert resp["responses"]["putin"]["query"]["properties"]["nationality"] == ["ru"]

    cleared = request(f"{base}/match/sanctions?exclude_entity_ids=ofac-sdn:35096", query)
    assert all(r["id"] != "ofac-sdn:35096" for r in cleared["responses"]["putin"]["results"])

    search = request(f"{base}/search/default?q=Rosneft&countries=ru")
    models.model(search, "SearchResponse")
    assert search["results"], "Rosneft is listed"
    browse = request(f"{base}/search/us_ofac_sdn?schema=Vessel&limit=3")
    models.model(browse, "SearchResponse")
    assert all(r["schema"] == "Vessel" for r in browse["results"])

    models.model(request(f"{base}/entities/ofac-sdn:35096"), "EntityResponse")
    catalog = request(f"{base}/catalog")
    models.model(catalog, "DataCatalogModel")
    assert {"us_ofac_sdn", "un_sc_sanctions", "default"} <= {d["name"] for d in catalog["datasets"]}
    algorithms = request(f"{base}/algorithms")
    models.model(algorithms, "AlgorithmResponse5")
    models.model(algorithms, "AlgorithmResponse4")

    for url, body, status in ((f"{base}/match/default?topics=nonsense", query, 422),
                              (f"{base}/search/default?q=x&filter_op=XOR", None, 422),
                              (f"{base}/entities/no-such-id", None, 404),
                              (f"{base}/entities/ofac-sdn:35096/adjacent/name", None, 404),
                              (f"{base}/match/no_such_dataset", query, 404),
                              (f"{base}/match/default", None, 405),
                              (f"{base}/reconcile/default/no/such/route", None, 404),
                              (f"{base}/updatez?token=not-a-key", {}, 403)):
        models.model(request(url, body, status), "ErrorResponse")
    models.model(request(f"{base}/search/default?q=x", status=401, key=None), "ErrorResponse")
    models.model(request(f"{base}/search/default?q=x", status=403, key="not-a-key"), "ErrorResponse")
    run_graph(base, models)
    run_reconcile(base, models)


def run_graph(base, models):
    """Entities with their adjacent entities, the manifest."""
    nested = request(f"{base}/entities/ofac-sdn:35096")
    models.model(nested, "EntityResponse")
    sanctions = nested["properties"]["sanctions"]
    assert any(isinstance(s["properties"]["entity"][0], dict) for s in sanctions), "linked records nested"
    adjacent = request(f"{base}/entities/ofac-sdn:35096/adjacent")
    models.model(adjacent, "EntityAdjacentResponse")
    assert adjacent["adjacent"]["sanctions"]["total"]["value"] == len(sanctions)
    page = request(f"{base}/entities/ofac-sdn:35096/adjacent/sanctions?limit=1")
    models.model(page, "AdjacentResultsResponse")
    assert page["results"] == sanctions[:1]
    manifest = request(f"{base}/manifest")
    models.model(manifest, "Manifest")
    assert "us_ofac_sdn" in {d["name"] for d in manifest["datasets"]}


def run_reconcile(base, models):
    """OpenRefine's calls: the service manifest, queries posted as a form, suggest, extend."""
    models.model(request(f"{base}/reconcile/default"), "FreebaseManifest")
    # OpenRefine sends no headers: the key rides in the URL, and the manifest's links never copy it.
    keyed = request(f"{base}/reconcile/default?api_key={API_KEY}", key=None)
    assert keyed["suggest"]["entity"]["service_path"] == "/suggest/entity", keyed["suggest"]
    assert API_KEY not in json.dumps(keyed), keyed
    request(f"{base}/reconcile/default/suggest/type?prefix=pers&api_key={API_KEY}", key=None)
    models.model(request(f"{base}/search/default?q=x&api_key={API_KEY}", status=401, key=None), "ErrorResponse")
    queries = {"q0": {"query": "Vladimir Putin", "type": "Person",
                      "properties": [{"pid": "birthDate", "v": "1952-10-07"}]}}
    resp = request(f"{base}/reconcile/default", form={"queries": json.dumps(queries)})
    models.model(resp, "FreebaseReconResponse")
    assert resp["q0"]["result"][0]["id"] == "ofac-sdn:35096", resp
    for kind, prefix, model in (("entity", "vladimir put", "FreebaseEntitySuggestResponse"),
                                ("type", "pers", "FreebaseTypeSuggestResponse"),
                                ("property", "birth", "FreebasePropertySuggestResponse")):
        suggested = request(f"{base}/reconcile/default/suggest/{kind}?" + urllib.parse.urlencode({"prefix": prefix}))
        models.model(suggested, model)
        assert suggested["result"], (kind, suggested)
    proposed = request(f"{base}/reconcile/default/extend/property?type=Person")
    models.model(proposed, "FreebaseExtendPropertiesResponse")
    extend = {"ids": ["ofac-sdn:35096"], "properties": [{"id": "birthDate"}]}
    extended = request(f"{base}/reconcile/default", form={"extend": json.dumps(extend)})
    models.model(extended, "FreebaseExtendResponse")
    assert extended["rows"]["ofac-sdn:35096"]["birthDate"], extended


if __name__ == "__main__":
    main()
