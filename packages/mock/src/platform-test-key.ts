/*! PUBLIC TEST KEY. The mock's platform key pair, published on purpose so that every SDK and test can verify the
 * mock's signed answers without setup. It is not the platform's key and is registered nowhere: never sign or trust
 * anything real with it. A mock given its own key (`--platform-key`, `platformPrivateKey`) signs with that instead.
 * Made once with node:crypto (RSA 2048, PKCS#8 / SPKI), as the vendor's gateway keys are. (A legal comment, `/*!`,
 * so every build of this file, the CommonJS one included, keeps the label.) */

/** PUBLIC TEST KEY: the private half (PKCS#8 PEM) the mock signs its answers with unless given another. */
export const MOCK_PLATFORM_PRIVATE_KEY = `-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCcSRF0voscF7BQ
Px8O1L++N5CTexAhmq45zIC7EEAKCtL+JsPY1OqybnWN61zhlbFGBUcjcxdd5WHw
wlEpq1pzLx8/GqXB7IiAh38a/dVzDWkVZ+dRmXOBvPSy3FGGJjawf4vvY0hlmsWO
x5fsMTJOCe9Yn53R2CX2EkEaGQ1bntraZCz1KVofmI4QbwaCA4YQVZoXPzfHiw0p
+pXJ69lQKlav6mHoLLtGJ8ZpQ8Jys9UgBITp+OnCk2rFpZ8VucDCgTrJtdmqAh9Y
XOiRtvdUIsPz6JXibBzQe9APHAKo+99Ke4o9q7S/UA91+kROoGcv7bBCPmJ/NWF9
0mdshyk7AgMBAAECggEAQRSgY0gxr6ohrtkKOufXTQPgfbnCduvt333MoZlbwZLO
WC2WYsYPUexzoXzAeeQXJTxvalC0C1LJHTQeDkcf7FVUIrgbDI1OLo++G2RWrYmJ
F/PjvPQ0yHMCRzU98aoaHhePE0n5zO3NlO6C0kWOWDcE55fYZZkn/beOSqriCCOR
ElgANiAG/qLiV1t/KR0qTE/6JSzJIkTOCtciY1ZbwzNKtb+zWMCXV2DAC3QChY4H
RHmWM5hym4hDDNqolI45HwCr8a3WAIGSD0khhHc1TQp5tcr1tUHw0NlcaIyALL9r
d2vf+P4PJvqFkO72K8vyqxYMYYNHQLYkzQyzAgbY6QKBgQDIHtt6R8JjfyuhR+Ua
MOwSfeqWn/8GJyc8ttmLigQsjXqqcvNpGOTK8i/11P7IDMxnVzxAWa9pgobtqwFO
brlJ72zJWivrHxT23iVBplK6l0qS083Y10ga6b99TutewMV7lc0a0dyQ1Te+bKUr
5q7BGUral2hSf5BqJ4CucIzC3wKBgQDH7ML0TSNzn5d+SiFYg4R5y8ktzE2m3K2d
viIIP0dkLeJ8t3zIO9wJDhLt8n6vu/uNKpVh3cDrs+EDuIkBMtF4stAzimgBhn5V
Pe/w3AUJtycXtiDD7TrbezKBFzZwn0imrH+dMtnl8oC73YfLmgsfHSFEt2ZTWY+e
+OBlzTfhJQKBgGFwVOE3K3kSpIXE4dJc27UtRhnNEXlHex1e0pHUw6+Fu6JekhIs
IsqGHcAO03dIdAYlPZr/kB9JhLUYPGyaEPHk+A0aMKQs4CJLi8xpVYKww4i2RFY+
jEc+ZRR4ZrYeGonQKKvUXxbOGnRHpiy4B4LR89Z3Pj5dCk4FqexFtOP1AoGAcDor
EiK/NOewjfclEt/5HLnVu/zE1ldoqnUR+5kyBT1wt1v1Ex3vHbIl1CbdEN8wjYUL
CD4ITwfR11nepqqVRfDyyQv36GtMPaOgLpADz/ldW4UkjXd9I7nblvWl3MC9crrA
hEkIYnmn5E2uLg/SEGw0wbNGIKHU6oOAzATQSnUCgYEAwBSncphqVmYC4z/SAuis
UUuc96GttAjpbdA108DJ+aII8ms9v5rouUi0nxgO4Kn5gRB7hOP71dGvw0+sffw+
5WDvVb/v9K6OnnpETBMBvyyuDOarIDNIvhEiBqpKV4H3oG9Wfw93X6rTgDV/TIZh
UKZr/x+MyDhedMEUny7fERU=
-----END PRIVATE KEY-----
`;

/** PUBLIC TEST KEY: the public half (SPKI PEM) that verifies the mock's answers; served at /__admin/platform-key. */
export const MOCK_PLATFORM_PUBLIC_KEY = `-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAnEkRdL6LHBewUD8fDtS/
vjeQk3sQIZquOcyAuxBACgrS/ibD2NTqsm51jetc4ZWxRgVHI3MXXeVh8MJRKata
cy8fPxqlweyIgId/Gv3Vcw1pFWfnUZlzgbz0stxRhiY2sH+L72NIZZrFjseX7DEy
TgnvWJ+d0dgl9hJBGhkNW57a2mQs9SlaH5iOEG8GggOGEFWaFz83x4sNKfqVyevZ
UCpWr+ph6Cy7RifGaUPCcrPVIASE6fjpwpNqxaWfFbnAwoE6ybXZqgIfWFzokbb3
VCLD8+iV4mwc0HvQDxwCqPvfSnuKPau0v1APdfpETqBnL+2wQj5ifzVhfdJnbIcp
OwIDAQAB
-----END PUBLIC KEY-----
`;
