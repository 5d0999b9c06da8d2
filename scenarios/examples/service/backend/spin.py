"""POST /spin from the command line (for exec steps): prints the JSON answer; exit 0 on 2xx, else 1."""
import json
import sys
import urllib.error
import urllib.request

url, body = sys.argv[1], sys.argv[2]
request = urllib.request.Request(url, data=body.encode(), method="POST", headers={"Content-Type": "application/json"})
try:
    with urllib.request.urlopen(request, timeout=10) as response:
        print(json.dumps({"status": response.status, "body": json.loads(response.read())}))
except urllib.error.HTTPError as error:
    print(json.dumps({"status": error.code, "body": json.loads(error.read() or b"null")}))
    sys.exit(1)
