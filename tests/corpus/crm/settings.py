"""Settings read from the environment, as a pydantic-style class and module constants."""
import os


class Settings:
    crm_base: str = "https://api.pipedrive.com"
    ledger_base: str = "https://api.ledger.example/v1"
    timeout: int = 30


settings = Settings()
COMPANY = os.environ.get("COMPANY_SUBDOMAIN", "")  # empty default: the environment decides
