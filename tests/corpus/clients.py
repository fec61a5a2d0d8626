"""The HTTP method comes from the client call the URL reaches."""
import http.client
import urllib.request

import aiohttp
import httplib2
import httpx
import requests
import urllib3

BASE = "https://api.pipedrive.com/api/v2"


def sync(deal_id):
    session = requests.Session()
    session.put(f"{BASE}/deals/{deal_id}")  # PDS101
    session.request("PATCH", f"{BASE}/deals/{deal_id}")  # PDS100
    requests.request(method="DELETE", url=f"{BASE}/persons/{deal_id}")  # PDS100
    with requests.Session() as s:
        s.get(f"{BASE}/deals")  # PDS100
    with httpx.Client() as client:
        client.get(f"{BASE}/persons")
        client.post(f"{BASE}/persons")  # PDS100
    pool = urllib3.PoolManager()
    pool.request("GET", f"{BASE}/deals")  # PDS100
    request = urllib.request.Request(f"{BASE}/deals/{deal_id}", method="PATCH")  # PDS100
    urllib.request.urlopen(request)
    urllib.request.urlopen(f"{BASE}/persons", data=b"{}")  # PDS100
    connection = http.client.HTTPSConnection("api.pipedrive.com")
    connection.request("GET", "/api/v2/deals")  # PDS100
    agent = httplib2.Http()
    agent.request(f"{BASE}/deals")  # PDS100
    agent.request(uri=f"{BASE}/persons/{deal_id}", method="DELETE")  # PDS100


async def fetch():
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{BASE}/deals") as response:  # PDS100
            return await response.json()
    async with httpx.AsyncClient() as client:
        await client.delete(f"{BASE}/deals/1")  # PDS100


def unknown_sender(send):
    send(f"{BASE}/activities")  # PDS100
    print(f"{BASE}/deals")


def made_then_sent(session: requests.Session):
    prepared = requests.Request("DELETE", f"{BASE}/deals/4").prepare()  # PDS100
    session.send(prepared)
    return httpx.Client().send(httpx.Request("GET", f"{BASE}/persons/4"))


def a_request_never_sent():  # a test's prop for an error: made, never given to a client's send
    return httpx.HTTPStatusError("404", request=httpx.Request("GET", f"{BASE}/deals/9"), response=None)


PREPARED = requests.Request("GET", f"{BASE}/deals")  # PDS100
PREPARED = PREPARED.prepare()  # at module level the name's bindings include this one: followed a few times only
requests.Session().send(PREPARED)
