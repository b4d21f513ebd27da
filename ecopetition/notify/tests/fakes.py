"""Local fake servers for the notification gateways: an Alibaba Cloud SMS endpoint and an SMTP server.

Each checks what the real one checks and answers as it answers, on 127.0.0.1 only.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import re
import socketserver
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, quote

REQUIRED = ("AccessKeyId", "Action", "Format", "SignatureMethod", "SignatureNonce", "SignatureVersion", "Timestamp",
            "Version", "Signature", "PhoneNumbers", "SignName", "TemplateCode")


def _enc(v: str) -> str:
    return quote(str(v), safe="-_.~")


class FakeAliyunSms:
    """dysmsapi's SendSms as far as a client can tell: signature, fields, timestamp window, nonces, errors."""

    def __init__(self, *, key_id="LTAItest", secret="s3cret",  # noqa: S107 - a test key
                 sign_names=("生态环境局",), templates=None,
                 window=dt.timedelta(minutes=15)):
        self.key_id, self.secret, self.sign_names = key_id, secret, set(sign_names)
        # template code -> the variables its approved text uses
        self.templates = templates if templates is not None else {"SMS_100": {"number"}, "SMS_200": {"number", "code"}}
        self.window = window
        self.nonces: set[str] = set()
        self.delivered: list[dict] = []  # what was accepted (and would reach a phone)
        self.requests = 0
        self.quota_left: int | None = None  # None: no limit; 0: isv.BUSINESS_LIMIT_CONTROL
        self.hang_seconds = 0.0  # accept, then answer only after this long (a client time-out)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def check(self, method: str, params: dict) -> tuple[int, dict]:
        for name in REQUIRED:
            if not params.get(name):
                return 400, {"Code": f"Missing{name}", "Message": f"{name} is mandatory for this action."}
        if params["Action"] != "SendSms" or params["Version"] != "2017-05-25":
            return 400, {"Code": "InvalidAction.NotFound", "Message": "Specified api is not found."}
        if params["SignatureMethod"] != "HMAC-SHA1" or params["SignatureVersion"] != "1.0":
            return 400, {"Code": "InvalidSignatureMethod", "Message": "Specified signature method is not supported."}
        if params["AccessKeyId"] != self.key_id:
            return 404, {"Code": "InvalidAccessKeyId.NotFound", "Message": "Specified access key is not found."}
        signed = {k: v for k, v in params.items() if k != "Signature"}
        canonical = "&".join(f"{_enc(k)}={_enc(v)}" for k, v in sorted(signed.items()))
        to_sign = f"{method}&%2F&{_enc(canonical)}"
        expected = base64.b64encode(hmac.new((self.secret + "&").encode(), to_sign.encode(), hashlib.sha1).digest())
        if not hmac.compare_digest(expected.decode(), params["Signature"]):
            return 400, {"Code": "SignatureDoesNotMatch",
                         "Message": f"Specified signature is not matched with our calculation. server string to "
                                    f"sign is:{to_sign}"}
        try:
            ts = dt.datetime.strptime(params["Timestamp"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
        except ValueError:
            return 400, {"Code": "InvalidTimeStamp.Format", "Message": "Specified time stamp is not valid."}
        if abs(dt.datetime.now(dt.UTC) - ts) > self.window:
            return 400, {"Code": "InvalidTimeStamp.Expired", "Message": "Specified time stamp or date header is "
                                                                        "expired."}
        if params["SignatureNonce"] in self.nonces:
            return 400, {"Code": "SignatureNonceUsed", "Message": "Specified signature nonce was used already."}
        self.nonces.add(params["SignatureNonce"])
        if params["SignName"] not in self.sign_names:
            return 200, {"Code": "isv.SMS_SIGNATURE_ILLEGAL", "Message": "签名不合法(不存在或被拉黑)"}
        needed = self.templates.get(params["TemplateCode"])
        if needed is None:
            return 200, {"Code": "isv.SMS_TEMPLATE_ILLEGAL", "Message": "该账号下找不到对应模板"}
        try:
            values = json.loads(params.get("TemplateParam") or "{}")
        except ValueError:
            return 200, {"Code": "isv.INVALID_JSON_PARAM", "Message": "JSON参数不合法，只接受字符串值"}
        if not isinstance(values, dict) or not all(isinstance(v, str) for v in values.values()):
            return 200, {"Code": "isv.INVALID_JSON_PARAM", "Message": "JSON参数不合法，只接受字符串值"}
        if needed - set(values):
            return 200, {"Code": "isv.TEMPLATE_MISSING_PARAMETERS", "Message": "模板缺少变量"}
        if not re.fullmatch(r"1[3-9]\d{9}", params["PhoneNumbers"]):
            return 200, {"Code": "isv.MOBILE_NUMBER_ILLEGAL", "Message": "非法手机号"}
        if self.quota_left is not None:
            if self.quota_left <= 0:
                return 200, {"Code": "isv.BUSINESS_LIMIT_CONTROL", "Message": "触发号码天级流控Permits:10"}
            self.quota_left -= 1
        self.delivered.append({"to": params["PhoneNumbers"], "template": params["TemplateCode"],
                               "params": values, "out_id": params.get("OutId", ""), "sign": params["SignName"]})
        return 200, {"Code": "OK", "Message": "OK", "BizId": f"9000{len(self.delivered):08d}^0",
                     "RequestId": f"REQ-{len(self.delivered)}"}

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self, method: str, raw: str):
                fake.requests += 1
                params = dict(parse_qsl(raw, keep_blank_values=True))
                status, body = fake.check(method, params)
                body.setdefault("RequestId", f"REQ-x{fake.requests}")
                if fake.hang_seconds:
                    time.sleep(fake.hang_seconds)
                data = json.dumps(body, ensure_ascii=False).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json;charset=utf-8")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:
                    pass  # the client gave up waiting

            def do_POST(self):
                n = int(self.headers.get("Content-Length") or 0)
                self._answer("POST", self.rfile.read(n).decode())

            def do_GET(self):
                self._answer("GET", self.path.partition("?")[2])

        return Handler


class FakeSmtp:
    """An SMTP server that insists on AUTH (PLAIN or LOGIN) and records each envelope and its data."""

    def __init__(self, *, user="mailer", password="pa55", refuse=("nobody@example.org",)):  # noqa: S107
        self.user, self.password, self.refuse = user, password, set(refuse)
        self.mails: list[dict] = []
        self.auth_failures = 0
        fake = self

        class Handler(socketserver.StreamRequestHandler):
            def reply(self, line: str):
                self.wfile.write((line + "\r\n").encode())

            def handle(self):
                authed, sender, rcpts = False, None, []
                self.reply("220 fake.smtp ESMTP")
                while True:
                    line = self.rfile.readline()
                    if not line:
                        return
                    cmd = line.decode("utf-8", "replace").rstrip("\r\n")
                    verb = cmd.split(" ", 1)[0].upper()
                    if verb in ("EHLO", "HELO"):
                        self.reply("250-fake.smtp")
                        self.reply("250-8BITMIME")
                        self.reply("250 AUTH PLAIN LOGIN")
                    elif verb == "AUTH":
                        parts = cmd.split()
                        if parts[1].upper() == "PLAIN":
                            blob = parts[2] if len(parts) > 2 else None
                            if blob is None:
                                self.reply("334 ")
                                blob = self.rfile.readline().decode().strip()
                            _, user, pw = base64.b64decode(blob).decode().split("\0")
                        else:
                            self.reply("334 VXNlcm5hbWU6")
                            user = base64.b64decode(self.rfile.readline().strip()).decode()
                            self.reply("334 UGFzc3dvcmQ6")
                            pw = base64.b64decode(self.rfile.readline().strip()).decode()
                        if (user, pw) == (fake.user, fake.password):
                            authed = True
                            self.reply("235 2.7.0 Authentication successful")
                        else:
                            fake.auth_failures += 1
                            self.reply("535 5.7.8 Authentication credentials invalid")
                    elif verb == "MAIL":
                        if not authed:
                            self.reply("530 5.7.0 Authentication required")
                            continue
                        sender, rcpts = cmd[10:].split(">")[0].strip("<"), []
                        self.reply("250 OK")
                    elif verb == "RCPT":
                        addr = cmd[8:].split(">")[0].strip("<")
                        if sender is None:
                            self.reply("503 5.5.1 MAIL first")
                        elif addr in fake.refuse:
                            self.reply("550 5.1.1 No such user")
                        else:
                            rcpts.append(addr)
                            self.reply("250 OK")
                    elif verb == "DATA":
                        if not rcpts:
                            self.reply("554 5.5.1 No valid recipients")
                            continue
                        self.reply("354 End data with <CR><LF>.<CR><LF>")
                        chunks = []
                        while True:
                            chunk = self.rfile.readline()
                            if chunk in (b".\r\n", b""):
                                break
                            chunks.append(chunk[1:] if chunk.startswith(b"..") else chunk)
                        fake.mails.append({"from": sender, "to": rcpts, "data": b"".join(chunks)})
                        sender, rcpts = None, []
                        self.reply("250 OK queued")
                    elif verb == "RSET":
                        sender, rcpts = None, []
                        self.reply("250 OK")
                    elif verb == "NOOP":
                        self.reply("250 OK")
                    elif verb == "QUIT":
                        self.reply("221 Bye")
                        return
                    else:
                        self.reply("502 5.5.2 Command not recognized")

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

        self.server = Server(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


class FakeTencentSms:
    """Tencent Cloud SMS's SendSms as far as a client can tell: the TC3-HMAC-SHA256 signature recomputed
    with the shared secret over the signed headers and the body, the 5-minute timestamp window, the
    action and version headers, the body's fields, per-number answers and a daily limit."""

    def __init__(self, *, secret_id="AKIDtest", secret_key="tc-test-key",  # noqa: S107 - a test key
                 app_id="1400000001", sign_names=("生态环境局",), templates=None):
        self.secret_id, self.secret_key, self.app_id = secret_id, secret_key, app_id
        self.sign_names = set(sign_names)
        self.templates = templates if templates is not None else {"1000001": 1, "2000002": 3}  # id -> variables
        self.delivered: list[dict] = []
        self.requests = 0
        self.quota_left: int | None = None
        self.hang_seconds = 0.0
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    url = FakeAliyunSms.url
    __enter__ = FakeAliyunSms.__enter__
    __exit__ = FakeAliyunSms.__exit__

    @staticmethod
    def _error(code, message):
        return {"Error": {"Code": code, "Message": message}}

    def check(self, headers, body: bytes) -> dict:
        auth = headers.get("Authorization", "")
        m = re.fullmatch(r"TC3-HMAC-SHA256 Credential=([^/]+)/(\d{4}-\d{2}-\d{2})/(\w+)/tc3_request, "
                         r"SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})", auth)
        if not m:
            return self._error("AuthFailure.InvalidAuthorization", "Authorization header is invalid.")
        secret_id, date, service, signed, signature = m.groups()
        if secret_id != self.secret_id:
            return self._error("AuthFailure.SecretIdNotFound", "The SecretId is not found.")
        names = signed.split(";")
        if "content-type" not in names or "host" not in names or service != "sms":
            return self._error("AuthFailure.InvalidAuthorization", "content-type and host must be signed.")
        try:
            ts = int(headers.get("X-TC-Timestamp", ""))
        except ValueError:
            return self._error("MissingParameter", "X-TC-Timestamp is missing.")
        if abs(time.time() - ts) > 300:
            return self._error("AuthFailure.SignatureExpire", "Signature expire.")
        if dt.datetime.fromtimestamp(ts, dt.UTC).strftime("%Y-%m-%d") != date:
            return self._error("AuthFailure.SignatureFailure", "The credential date does not match the timestamp.")
        # Keys and values in lower case, trimmed, one a line.
        canonical_headers = "".join(f"{n}:{(headers.get(n) or '').strip().lower()}\n" for n in names)
        canonical = "\n".join(["POST", "/", "", canonical_headers, signed, hashlib.sha256(body).hexdigest()])
        scope = f"{date}/sms/tc3_request"
        to_sign = "\n".join(["TC3-HMAC-SHA256", str(ts), scope, hashlib.sha256(canonical.encode()).hexdigest()])

        def h(key, text):
            return hmac.new(key, text.encode(), hashlib.sha256).digest()

        key = h(h(h(("TC3" + self.secret_key).encode(), date), "sms"), "tc3_request")
        if not hmac.compare_digest(hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest(), signature):
            return self._error("AuthFailure.SignatureFailure", "The provided credentials could not be validated.")
        if headers.get("X-TC-Action") != "SendSms" or headers.get("X-TC-Version") != "2021-01-11":
            return self._error("InvalidAction", "The action or version is not valid.")
        try:
            req = json.loads(body)
        except ValueError:
            return self._error("InvalidParameter", "The body is not JSON.")
        for field in ("PhoneNumberSet", "SmsSdkAppId", "TemplateId"):
            if not req.get(field):
                return self._error("MissingParameter", f"The parameter `{field}` is missing.")
        if req["SmsSdkAppId"] != self.app_id:
            return self._error("InvalidParameterValue.SdkAppIdNotExist", "SdkAppId does not exist.")
        if req.get("SignName") not in self.sign_names:
            return self._error("FailedOperation.SignatureIncorrectOrUnapproved", "签名未审批或格式错误")
        wanted = self.templates.get(req["TemplateId"])
        if wanted is None:
            return self._error("FailedOperation.TemplateIncorrectOrUnapproved", "模板未审批或内容不匹配")
        params = req.get("TemplateParamSet") or []
        if len(params) != wanted or not all(isinstance(p, str) for p in params):
            return self._error("InvalidParameterValue.TemplateParameterFormatError", "模板参数个数不匹配")
        out = []
        for number in req["PhoneNumberSet"]:
            if not re.fullmatch(r"\+861[3-9]\d{9}", number):
                out.append({"PhoneNumber": number, "Code": "InvalidParameterValue.IncorrectPhoneNumber",
                            "Message": "手机号格式错误", "SerialNo": ""})
            elif self.quota_left is not None and self.quota_left <= 0:
                out.append({"PhoneNumber": number, "Code": "LimitExceeded.PhoneNumberDailyLimit",
                            "Message": "单个手机号日下发短信条数超过设定的上限", "SerialNo": ""})
            else:
                if self.quota_left is not None:
                    self.quota_left -= 1
                self.delivered.append({"to": number, "template": req["TemplateId"], "params": params,
                                       "context": req.get("SessionContext", "")})
                out.append({"PhoneNumber": number, "Code": "Ok", "Message": "send success",
                            "SerialNo": f"2028:{len(self.delivered):010d}", "Fee": 1})
        return {"SendStatusSet": out}

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                fake.requests += 1
                n = int(self.headers.get("Content-Length") or 0)
                headers = {k: v for k, v in self.headers.items()}
                headers = {**headers, **{k.lower(): v for k, v in self.headers.items()}}
                answer = fake.check(headers, self.rfile.read(n))
                answer["RequestId"] = f"req-{fake.requests}"
                if fake.hang_seconds:
                    time.sleep(fake.hang_seconds)
                data = json.dumps({"Response": answer}, ensure_ascii=False).encode()
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:
                    pass

        return Handler
