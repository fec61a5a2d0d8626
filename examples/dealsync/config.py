"""Settings of the deal-sync job."""
import os

PIPEDRIVE_BASE = os.environ.get("PIPEDRIVE_BASE", "https://api.pipedrive.com/v1")
PIPEDRIVE_V2 = "https://api.pipedrive.com/api/v2"
