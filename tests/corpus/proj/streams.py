"""Generic base-class code: the endpoint comes from each subclass's attributes."""
import requests


class Stream:
    base = "https://api.pipedrive.com"
    api_version = "v1"
    endpoint = None

    def read(self):
        return requests.get(f"{self.base}/{self.api_version}/{self.endpoint}")
