PIPEDRIVE_API = "https://api.pipedrive.com/api/v2"
DROPBOX_API = "https://api.dropboxapi.com/2"
