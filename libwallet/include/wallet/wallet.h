/*
 * libwallet — umbrella header. Include this, or only the headers you use.
 */
#ifndef WALLET_WALLET_H
#define WALLET_WALLET_H

#include "common.h"
#include "ctx.h"
#include "codec.h"
#include "key.h"
#include "jws.h"
#include "jwe.h"
#include "dcql.h"
#include "cose.h"
#include "x509.h"
#include "trust.h"
#include "result.h"
#include "verify.h"
#include "mdoc.h"
#include "mdoc_session.h"
#include "qr.h"
#include "sdjwt.h"
#include "status.h"
#include "primitives.h"
#include "hcert.h"
#include "store.h"
#include "oid4vp.h"
#include "oid4vci.h"

#endif /* WALLET_WALLET_H */
