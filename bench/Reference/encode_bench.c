/*
 * CPU cost of the reference implementation's (wickr-crypto-c) encode of one message to N recipient nodes with warm
 * contacts, against the raw libcrypto primitives that encode cannot avoid, in the same process and on the same
 * libcrypto. The counterpart of bench/ClientLib.Bench/WideEncodeBenchmarks.cs; see README.md next to this file.
 *
 * Protocol: wickr_ctx_encode_packet (packet key, ephemeral key, per-node key exchange, header and payload
 * encryption, signature) plus wickr_packet_serialize (the wire bytes), encoder result freed. Warm: every recipient
 * node, its identity chain and its ephemeral key are built and verified (wickr_node_verify_signature_chain, which
 * fills the reference's status cache) before timing, as a client does for contacts it already knows.
 *
 * Raw: per packet 1 P-521 key generation (with its public point and private scalar exported, as a packet key needs),
 * 1 ECDH per node against a preloaded public key, and 1 ECDSA-SHA512 signature over as many bytes as the reference's
 * packet content; straight on EVP.
 *
 * Each repetition times one protocol message then one raw message (CLOCK_PROCESS_CPUTIME_ID), so both see the same
 * machine load; the table gives medians and the ratio of the medians.
 *
 * Usage: encode_bench [seconds per size, default 3] [packet limit, default 500; 0 = one packet for any N]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/opensslv.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include "wickr_ctx.h"
#include "crypto_engine.h"
#include "node.h"
#include "identity.h"
#include "ephemeral_keypair.h"
#include "payload.h"
#include "packet_meta.h"
#include "protocol.h"
#include "encoder_result.h"
#include "storage.h"
#include "devinfo.h"

#define MAX_REPS 400
#define MIN_REPS 5
#define P521_POINT 133
#define P521_SCALAR 66

static void die(const char *what)
{
    fprintf(stderr, "encode_bench: %s failed\n", what);
    exit(1);
}

static double cpu_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof(double), cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* ---- the reference ---- */

static wickr_crypto_engine_t engine;

/* A root identity, a node identity it signs, and an ephemeral key the node signs: what a contact's node publishes. */
static wickr_node_t *make_node(uint64_t ephemeral_id)
{
    wickr_buffer_t *root_id = engine.wickr_crypto_engine_crypto_random(IDENTIFIER_LEN);
    wickr_ec_key_t *root_key = engine.wickr_crypto_engine_ec_rand_key(EC_CURVE_NIST_P521);
    wickr_identity_t *root = wickr_identity_create(IDENTITY_TYPE_ROOT, root_id, root_key, NULL);
    wickr_identity_t *node = root ? wickr_node_identity_gen(&engine, root, NULL) : NULL;
    wickr_identity_chain_t *chain = node ? wickr_identity_chain_create(root, node) : NULL;
    if (!chain) {
        die("identity chain");
    }
    wickr_ec_key_t *ephemeral = engine.wickr_crypto_engine_ec_rand_key(EC_CURVE_NIST_P521);
    wickr_ecdsa_result_t *signature = wickr_identity_sign(chain->node, &engine, ephemeral->pub_data);
    wickr_ephemeral_keypair_t *keypair = wickr_ephemeral_keypair_create(ephemeral_id, ephemeral, signature);
    wickr_node_t *result = wickr_node_create(engine.wickr_crypto_engine_crypto_random(32), chain, keypair);
    if (!result) {
        die("wickr_node_create");
    }
    return result;
}

static wickr_ctx_t *make_sender(void)
{
    wickr_node_t *me = make_node(1);
    const char *system = "encode-bench";
    wickr_buffer_t *system_id = wickr_buffer_create((uint8_t *)system, strlen(system));
    wickr_dev_info_t *dev = wickr_dev_info_create_new(&engine, system_id);
    wickr_storage_keys_t *storage = wickr_storage_keys_create(
        engine.wickr_crypto_engine_cipher_key_random(engine.default_cipher),
        engine.wickr_crypto_engine_cipher_key_random(engine.default_cipher));
    wickr_ctx_t *ctx = wickr_ctx_create(engine, dev, wickr_identity_chain_copy(me->id_chain), storage);
    if (!ctx) {
        die("wickr_ctx_create");
    }
    wickr_buffer_destroy(&system_id);
    wickr_node_destroy(&me);
    return ctx;
}

/* The bench's message, as in bench/ClientLib.Bench/Fixtures/Population.cs: 256-byte body, one-day TTL. */
static wickr_payload_t *make_payload(void)
{
    wickr_ephemeral_info_t ephemerality = { 86400, 0 };
    const char *channel = "bench-channel";
    wickr_packet_meta_t *meta = wickr_packet_meta_create(ephemerality,
        wickr_buffer_create((uint8_t *)channel, strlen(channel)), 1000);
    uint8_t body[256];
    memset(body, 'm', sizeof body);
    return wickr_payload_create(meta, wickr_buffer_create(body, sizeof body));
}

/* One message: every packet of the split; returns the wire bytes, sets the content bytes the raw signature covers. */
static size_t encode_message(const wickr_ctx_t *ctx, const wickr_payload_t *payload,
                             wickr_node_array_t **packets, int packet_count, size_t *signed_bytes)
{
    size_t bytes = 0;
    for (int p = 0; p < packet_count; p++) {
        wickr_encoder_result_t *result = wickr_ctx_encode_packet(ctx, payload, packets[p]);
        if (!result) {
            die("wickr_ctx_encode_packet");
        }
        wickr_buffer_t *wire = wickr_packet_serialize(result->packet);
        if (!wire) {
            die("wickr_packet_serialize");
        }
        bytes += wire->length;
        if (signed_bytes) {
            signed_bytes[p] = result->packet->content->length;
        }
        wickr_buffer_destroy(&wire);
        wickr_encoder_result_destroy(&result);
    }
    return bytes;
}

/* ---- raw libcrypto ---- */

static EVP_PKEY *raw_generate(uint8_t *point, uint8_t *scalar)
{
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
    EVP_PKEY *key = NULL;
    BIGNUM *priv = NULL;
    size_t written = 0;
    if (!ctx || EVP_PKEY_keygen_init(ctx) != 1 || EVP_PKEY_CTX_set_group_name(ctx, "P-521") != 1
        || EVP_PKEY_generate(ctx, &key) != 1
        || EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_PUB_KEY, point, P521_POINT, &written) != 1
        || EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_PRIV_KEY, &priv) != 1
        || BN_bn2binpad(priv, scalar, P521_SCALAR) != P521_SCALAR) {
        die("raw key generation");
    }
    BN_clear_free(priv);
    EVP_PKEY_CTX_free(ctx);
    return key;
}

static EVP_PKEY *raw_import_public(const uint8_t *point)
{
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, "P-521", 0),
        OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, (void *)point, P521_POINT),
        OSSL_PARAM_construct_end(),
    };
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
    EVP_PKEY *key = NULL;
    if (!ctx || EVP_PKEY_fromdata_init(ctx) != 1 || EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params) != 1) {
        die("raw public key import");
    }
    EVP_PKEY_CTX_free(ctx);
    return key;
}

static void raw_derive(EVP_PKEY *mine, EVP_PKEY *theirs)
{
    uint8_t secret[P521_SCALAR];
    size_t length = sizeof secret;
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, mine, NULL);
    if (!ctx || EVP_PKEY_derive_init(ctx) != 1 || EVP_PKEY_derive_set_peer_ex(ctx, theirs, 0) != 1
        || EVP_PKEY_derive(ctx, secret, &length) != 1) {
        die("raw ECDH");
    }
    OPENSSL_cleanse(secret, sizeof secret);
    EVP_PKEY_CTX_free(ctx);
}

static size_t raw_sign(EVP_PKEY *key, const uint8_t *data, size_t length)
{
    uint8_t signature[160];
    size_t signature_length = sizeof signature;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (!ctx || EVP_DigestSignInit(ctx, NULL, EVP_sha512(), NULL, key) != 1
        || EVP_DigestSign(ctx, signature, &signature_length, data, length) != 1) {
        die("raw ECDSA");
    }
    EVP_MD_CTX_free(ctx);
    return signature_length;
}

static size_t raw_message(EVP_PKEY *sender, EVP_PKEY **peers, const int *packet_nodes, int packet_count,
                          uint8_t **signed_data, const size_t *signed_bytes)
{
    size_t bytes = 0;
    int offset = 0;
    for (int p = 0; p < packet_count; p++) {
        uint8_t point[P521_POINT], scalar[P521_SCALAR];
        EVP_PKEY *ephemeral = raw_generate(point, scalar);
        OPENSSL_cleanse(scalar, sizeof scalar);
        for (int i = 0; i < packet_nodes[p]; i++) {
            raw_derive(ephemeral, peers[offset + i]);
        }
        offset += packet_nodes[p];
        bytes += raw_sign(sender, signed_data[p], signed_bytes[p]);
        EVP_PKEY_free(ephemeral);
    }
    return bytes;
}

/* ---- the table ---- */

int main(int argc, char **argv)
{
    double budget = argc > 1 ? atof(argv[1]) : 3.0;
    int limit = argc > 2 ? atoi(argv[2]) : 500;
    static const int sizes[] = { 16, 64, 500, 1500 };
    const int size_count = (int)(sizeof sizes / sizeof sizes[0]);
    const int max_nodes = sizes[size_count - 1];

    engine = wickr_crypto_engine_get_default();

    double setup_start = cpu_now();
    wickr_ctx_t *ctx = make_sender();
    wickr_payload_t *payload = make_payload();
    wickr_node_t **nodes = calloc((size_t)max_nodes, sizeof *nodes);
    EVP_PKEY **peers = calloc((size_t)max_nodes, sizeof *peers);
    for (int i = 0; i < max_nodes; i++) {
        nodes[i] = make_node(100 + (uint64_t)i);
        if (!wickr_node_verify_signature_chain(nodes[i], &engine)) {
            die("wickr_node_verify_signature_chain");
        }
        uint8_t point[P521_POINT], scalar[P521_SCALAR];
        EVP_PKEY *key = raw_generate(point, scalar);
        EVP_PKEY_free(key);
        peers[i] = raw_import_public(point);
    }
    uint8_t point[P521_POINT], scalar[P521_SCALAR];
    EVP_PKEY *raw_sender = raw_generate(point, scalar);
    printf("# wickr-crypto-c encode, %d warm nodes built and verified in %.1f s CPU; %s; packet limit %s\n",
           max_nodes, cpu_now() - setup_start, OpenSSL_version(OPENSSL_VERSION),
           limit > 0 ? "500 (as our client splits)" : "none (one packet per message)");
    if (limit > 0) {
        printf("# the reference itself has no recipient limit; run with a second argument 0 for one packet per message\n");
    }
    printf("# CPU ms (CLOCK_PROCESS_CPUTIME_ID), medians of paired repetitions; ratio = protocol / raw\n");
    printf("| nodes | packets | reps | protocol ms/msg | protocol ms/node | raw ms/msg | raw ms/node | ratio | bytes/msg |\n");
    printf("|------:|--------:|-----:|----------------:|-----------------:|-----------:|------------:|------:|----------:|\n");
    fflush(stdout);

    for (int s = 0; s < size_count; s++) {
        int n = sizes[s];
        int per_packet = limit > 0 ? limit : n;
        int packet_count = (n + per_packet - 1) / per_packet;
        wickr_node_array_t **packets = calloc((size_t)packet_count, sizeof *packets);
        int *packet_nodes = calloc((size_t)packet_count, sizeof *packet_nodes);
        size_t *signed_bytes = calloc((size_t)packet_count, sizeof *signed_bytes);
        uint8_t **signed_data = calloc((size_t)packet_count, sizeof *signed_data);
        /* The fewest packets, sizes as even as MessageDispatcher.Split makes them. */
        for (int p = 0, offset = 0; p < packet_count; p++) {
            int count = n / packet_count + (p < n % packet_count ? 1 : 0);
            packet_nodes[p] = count;
            packets[p] = wickr_node_array_new((uint32_t)count);
            for (int i = 0; i < count; i++) {
                wickr_node_array_set_item(packets[p], (uint32_t)i, nodes[offset + i]);
            }
            offset += count;
        }

        /* Warm-up, and the content sizes the raw signature covers. */
        size_t bytes = encode_message(ctx, payload, packets, packet_count, signed_bytes);
        for (int p = 0; p < packet_count; p++) {
            signed_data[p] = malloc(signed_bytes[p]);
            RAND_bytes(signed_data[p], (int)signed_bytes[p]);
        }
        raw_message(raw_sender, peers, packet_nodes, packet_count, signed_data, signed_bytes);

        double protocol[MAX_REPS], raw[MAX_REPS];
        int reps = 0;
        double spent = 0;
        while (reps < MAX_REPS && (reps < MIN_REPS || spent < budget)) {
            double t0 = cpu_now();
            encode_message(ctx, payload, packets, packet_count, NULL);
            double t1 = cpu_now();
            raw_message(raw_sender, peers, packet_nodes, packet_count, signed_data, signed_bytes);
            double t2 = cpu_now();
            protocol[reps] = (t1 - t0) * 1e3;
            raw[reps] = (t2 - t1) * 1e3;
            spent += t2 - t0;
            reps++;
        }
        double protocol_ms = median(protocol, reps), raw_ms = median(raw, reps);
        printf("| %5d | %7d | %4d | %15.2f | %16.3f | %10.2f | %11.3f | %5.2f | %9zu |\n", n, packet_count, reps,
               protocol_ms, protocol_ms / n, raw_ms, raw_ms / n, protocol_ms / raw_ms, bytes);
        fflush(stdout);

        for (int p = 0; p < packet_count; p++) {
            wickr_node_array_destroy(&packets[p]);
            free(signed_data[p]);
        }
        free(packets);
        free(packet_nodes);
        free(signed_bytes);
        free(signed_data);
    }

    for (int i = 0; i < max_nodes; i++) {
        wickr_node_destroy(&nodes[i]);
        EVP_PKEY_free(peers[i]);
    }
    EVP_PKEY_free(raw_sender);
    free(nodes);
    free(peers);
    wickr_payload_destroy(&payload);
    wickr_ctx_destroy(&ctx);
    return 0;
}
