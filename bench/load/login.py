#!/usr/bin/env python3
"""Signs in as a demo persona over HTTP (antiforgery token, password, and TOTP when the app asks for it)
and prints the auth cookie header for wrk. Standard library only."""
import base64, hashlib, hmac, http.cookiejar, re, struct, sys, time, urllib.parse, urllib.request

base, user, password = sys.argv[1], sys.argv[2], sys.argv[3]
totp_secret = sys.argv[4] if len(sys.argv) > 4 else None

jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

def token(html):
    m = re.search(r'name="__RequestVerificationToken" type="hidden" value="([^"]+)"', html)
    return m.group(1) if m else ""

def post(path, fields):
    html = opener.open(base + path).read().decode()
    fields["__RequestVerificationToken"] = token(html)
    return opener.open(base + path, urllib.parse.urlencode(fields).encode())

def totp(secret):
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    counter = struct.pack(">Q", int(time.time()) // 30)
    digest = hmac.new(key, counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return "%06d" % ((struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1000000)

response = post("/Account/Login", {"UserName": user, "Password": password})
if "/Account/Mfa" in response.geturl() or "LoginWith2fa" in response.geturl():
    if not totp_secret:
        sys.exit("The app asks for a second factor: pass the demo TOTP secret as the 4th argument.")
    path = urllib.parse.urlparse(response.geturl()).path
    post(path, {"Code": totp(totp_secret)})
print("; ".join(f"{c.name}={c.value}" for c in jar if c.name.startswith("samverkan.auth")))
