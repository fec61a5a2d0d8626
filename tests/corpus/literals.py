"""URL literals on every Pipedrive host form, and URLs that are not Pipedrive API calls."""
import requests

requests.get("https://api.pipedrive.com/v1/persons/7")  # PDS102
requests.get("https://api.pipedrive.com/api/v2/persons/7")
requests.get("https://api.pipedrive.com/api/v1/deals/7")  # PDS100 PDS102
requests.post("https://acme.pipedrive.com/api/v1/deals")  # PDS100 PDS102
requests.get("https://api-proxy.pipedrive.com/api/v2/deals?limit=5")  # PDS100
requests.get("https://api.pipedrive.com/persons/search/")  # PDS102
requests.get("https://api.pipedrive.com/v1/dealz")  # PDS101
requests.get("https://api.pipedrive.com/v1/some/undocumented")
requests.delete("https://app.pipedrive.com/api/v2/deals/9")  # PDS100

# Not API calls: authorisation, documentation, web-app links, other hosts.
requests.post("https://oauth.pipedrive.com/oauth/token")
requests.get("https://developers.pipedrive.com/docs/api/v1/deals")
requests.get("https://acme.pipedrive.com/deal/42")
requests.get("https://example.com/v1/deals")
requests.get("https://api.pipedrive.com.evil.example/v1/deals")
