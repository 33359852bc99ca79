/* Exact Hamming radius search over 256-bit hashes: multi-index hashing.
 *
 * A hash is cut into m keys (disjoint runs of bits, the layout). If two hashes are at
 * most r bits apart, write r = m*a + b (0 <= b < m): then one of keys 0..b differs in at
 * most a bits, or one of keys b+1..m-1 differs in at most a-1 bits (else the distance
 * would be at least r+1). So for each table t we look up the query's key t with every
 * flip of up to a (or a-1) bits, and check each hash found there in full. Nothing within
 * r is ever missed.
 *
 * Table t is a counting sort of the row numbers by key t: rows ids[t][offsets[t][k] ..
 * offsets[t][k+1]) have key k. A row found in several tables is reported once: by the
 * first table where it qualifies.
 *
 * Called through ctypes (vigil/hashing/native.py); no Python API is used.
 */
#if defined(__x86_64__) && defined(__clang__)
#pragma clang attribute push(__attribute__((target("popcnt"))), apply_to = function)
#elif defined(__x86_64__) && defined(__GNUC__)
#pragma GCC target("popcnt") /* every x86-64 processor since 2008 has the instruction */
#endif
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TABLES 32
#define CHUNK 4096
#define AHEAD 16

typedef struct {
    int32_t m;                    /* number of tables */
    int32_t start[MAX_TABLES];    /* first bit of each table's key */
    int32_t bits[MAX_TABLES];     /* length of each table's key, at most 32 */
    int64_t base[MAX_TABLES];     /* where each table's offsets start in `offsets` */
} layout;

/* Bits start .. start+bits-1 of a 256-bit hash (as 4 native 64-bit words). */
static inline uint32_t key(const uint64_t *hash, int32_t start, int32_t bits) {
    int word = start >> 6, shift = start & 63;
    uint64_t value = hash[word] >> shift;
    if (shift + bits > 64) value |= hash[word + 1] << (64 - shift);
    return (uint32_t)(value & ((1ULL << bits) - 1));
}

static inline int distance(const uint64_t *a, const uint64_t *b) {
    return __builtin_popcountll(a[0] ^ b[0]) + __builtin_popcountll(a[1] ^ b[1]) +
           __builtin_popcountll(a[2] ^ b[2]) + __builtin_popcountll(a[3] ^ b[3]);
}

/* Fill each table's offsets (2^bits + 1 entries at base[t]) and ids (n per table). */
void mih_build(const uint64_t *hashes, int64_t n, const layout *l, uint32_t *offsets,
               uint32_t *ids) {
    for (int t = 0; t < l->m; t++) {
        int64_t keys = 1LL << l->bits[t];
        uint32_t *off = offsets + l->base[t];
        uint32_t *out = ids + (int64_t)t * n;
        memset(off, 0, sizeof(uint32_t) * (keys + 1));
        for (int64_t i = 0; i < n; i++) off[key(hashes + 4 * i, l->start[t], l->bits[t]) + 1]++;
        for (int64_t k = 0; k < keys; k++) off[k + 1] += off[k];
        uint32_t *next = malloc(sizeof(uint32_t) * keys);
        memcpy(next, off, sizeof(uint32_t) * keys);
        for (int64_t i = 0; i < n; i++)
            out[next[key(hashes + 4 * i, l->start[t], l->bits[t])]++] = (uint32_t)i;
        free(next);
    }
}

/* The radius each table is searched with for an overall radius r (-1: skip it). */
static void table_radii(const layout *l, int r, int *radius) {
    int a = r / l->m, b = r % l->m;
    for (int t = 0; t < l->m; t++) radius[t] = t <= b ? a : a - 1;
}

/* True if `row` qualifies in a table before t, so that table reports it. */
static inline int seen_before(const uint64_t *row, const uint64_t *query, int t,
                              const layout *l, const int *radius) {
    for (int s = 0; s < t; s++) {
        uint32_t diff = key(row, l->start[s], l->bits[s]) ^ key(query, l->start[s], l->bits[s]);
        if (radius[s] >= 0 && __builtin_popcount(diff) <= radius[s]) return 1;
    }
    return 0;
}

typedef struct {
    const uint64_t *hashes, *query;
    const uint32_t *offsets, *ids;
    const layout *l;
    const int *radius;
    int64_t n, qi;
    int r;
    int64_t *out_query, *out_row;
    int32_t *out_dist;
    int64_t count, capacity;
    uint32_t cand[CHUNK];
    uint8_t table[CHUNK];
    int64_t n_cand;
    int overflow;
} search;

/* Check the gathered candidates of the current query; flag an overflow if their results
 * might not fit (the caller then drops the query's partial results). */
static void check(search *s) {
    if (s->count + s->n_cand > s->capacity) {
        s->overflow = 1;
        return;
    }
    for (int64_t j = 0; j < s->n_cand; j++) {
        if (j + AHEAD < s->n_cand) __builtin_prefetch(s->hashes + 4 * (int64_t)s->cand[j + AHEAD]);
        const uint64_t *h = s->hashes + 4 * (int64_t)s->cand[j];
        int d = distance(h, s->query);
        if (d > s->r || seen_before(h, s->query, s->table[j], s->l, s->radius)) continue;
        s->out_query[s->count] = s->qi;
        s->out_row[s->count] = s->cand[j];
        s->out_dist[s->count++] = d;
    }
    s->n_cand = 0;
}

static void scan_bucket(search *s, int t, uint32_t k) {
    const uint32_t *off = s->offsets + s->l->base[t];
    const uint32_t *tid = s->ids + (int64_t)t * s->n;
    for (uint32_t p = off[k]; p < off[k + 1] && !s->overflow; p++) {
        s->cand[s->n_cand] = tid[p];
        s->table[s->n_cand++] = (uint8_t)t;
        if (s->n_cand == CHUNK) check(s);
    }
}

/* Visit every key within `left` flips of k, flipping only bits below `below`. */
static void probe(search *s, int t, uint32_t k, int below, int left) {
    scan_bucket(s, t, k);
    if (left == 0) return;
    for (int bit = 0; bit < below && !s->overflow; bit++)
        probe(s, t, k ^ (1u << bit), bit, left - 1);
}

/* Search each of nq queries within radius r. Results go to out_* (capacity rows). When
 * a query's results might not fit, its partial results are dropped and the search stops
 * there: return the number of results written; *done is the number of queries answered. */
int64_t mih_search(const uint64_t *hashes, int64_t n, const layout *l, const uint32_t *offsets,
                   const uint32_t *ids, const uint64_t *queries, int64_t nq, int r,
                   int64_t *out_query, int64_t *out_row, int32_t *out_dist, int64_t capacity,
                   int64_t *done) {
    int radius[MAX_TABLES];
    table_radii(l, r, radius);
    search *s = calloc(1, sizeof(search));
    s->hashes = hashes, s->offsets = offsets, s->ids = ids, s->l = l, s->radius = radius;
    s->n = n, s->r = r, s->capacity = capacity;
    s->out_query = out_query, s->out_row = out_row, s->out_dist = out_dist;
    int64_t qi = 0;
    for (; qi < nq; qi++) {
        int64_t before = s->count;
        s->query = queries + 4 * qi;
        s->qi = qi;
        s->n_cand = 0;
        for (int t = 0; t < l->m && !s->overflow; t++) {
            if (radius[t] < 0) continue;
            probe(s, t, key(s->query, l->start[t], l->bits[t]), l->bits[t], radius[t]);
        }
        if (!s->overflow) check(s);
        if (s->overflow) {
            s->count = before;
            break;
        }
    }
    int64_t count = s->count;
    free(s);
    *done = qi;
    return count;
}

/* Brute force over n hashes (the small segment of recent additions). Same contract. */
int64_t flat_search(const uint64_t *hashes, int64_t n, const uint64_t *queries, int64_t nq,
                    int r, int64_t *out_query, int64_t *out_row, int32_t *out_dist,
                    int64_t capacity, int64_t *done) {
    int64_t count = 0, qi = 0;
    for (; qi < nq; qi++) {
        if (count + n > capacity) break;
        const uint64_t *q = queries + 4 * qi;
        for (int64_t i = 0; i < n; i++) {
            int d = distance(hashes + 4 * i, q);
            if (d > r) continue;
            out_query[count] = qi;
            out_row[count] = i;
            out_dist[count++] = d;
        }
    }
    *done = qi;
    return count;
}

#if defined(__x86_64__) && defined(__clang__)
#pragma clang attribute pop
#endif
