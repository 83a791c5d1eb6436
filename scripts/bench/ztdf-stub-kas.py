#!/usr/bin/env python3
# A stub KAS for profiling dive-ztdf without the stack (BENCHMARKS.md, fifth stop): serves an RSA-2048
# public key and permits every rewrap (EC client key: ECDH + HKDF(SHA-256("TDF")) + AES-GCM to a session
# key, as the DIVE KAS does). No checks at all: for measurements on loopback only.
# Usage: scripts/bench/ztdf-stub-kas.py PORT; then dive-ztdf encrypt --kas http://127.0.0.1:PORT ..., and
# decrypt --trust-kas http://127.0.0.1:PORT with any JWT-shaped DIVE_TOKEN. Needs python3-cryptography.
import base64, hashlib, json, os, sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa, ec, padding
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
pem = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()

def b64url(s):
    return base64.urlsafe_b64decode(s + '=' * (-len(s) % 4))

class H(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    def log_message(self, *a): pass
    def send(self, obj):
        body = json.dumps(obj).encode()
        self.send_response(200); self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(body))); self.end_headers(); self.wfile.write(body)
    def do_GET(self):
        self.send({'publicKey': pem, 'kid': 'r1', 'algorithm': 'rsa:2048'})
    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers['Content-Length'])))
        claims = json.loads(b64url(body['signedRequestToken'].split('.')[1]))
        req = json.loads(claims['requestBody'])
        client = serialization.load_pem_public_key(req['clientPublicKey'].encode())
        out = {'responses': []}
        session = None
        if isinstance(client, ec.EllipticCurvePublicKey):
            s = ec.generate_private_key(ec.SECP256R1())
            z = s.exchange(ec.ECDH(), client)
            wk = HKDF(algorithm=hashes.SHA256(), length=32, salt=hashlib.sha256(b'TDF').digest(), info=None).derive(z)
            out['sessionPublicKey'] = s.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
        for r in req['requests']:
            results = []
            for k in r['keyAccessObjects']:
                dk = key.decrypt(base64.b64decode(k['keyAccessObject']['wrappedKey']),
                                 padding.OAEP(mgf=padding.MGF1(hashes.SHA1()), algorithm=hashes.SHA1(), label=None))
                if 'sessionPublicKey' in out:
                    n = os.urandom(12); wrapped = n + AESGCM(wk).encrypt(n, dk, None)
                else:
                    wrapped = client.encrypt(dk, padding.OAEP(mgf=padding.MGF1(hashes.SHA1()), algorithm=hashes.SHA1(), label=None))
                results.append({'keyAccessObjectId': k['keyAccessObjectId'], 'status': 'permit', 'kasWrappedKey': base64.b64encode(wrapped).decode()})
            out['responses'].append({'policyId': r['policy']['id'], 'results': results})
        self.send(out)

ThreadingHTTPServer(('127.0.0.1', int(sys.argv[1])), H).serve_forever()
