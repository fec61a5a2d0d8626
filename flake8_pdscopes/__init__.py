"""flake8-pdscopes: check Pipedrive API calls against the OAuth scopes an app declares."""
