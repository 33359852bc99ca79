/* Exact Hamming radius search over 256-bit hashes: multi-index hashing.
 *
 * m keys are cut from a hash (disjoint runs of bits, the layout; they need not cover all
 * 256 bits). If two hashes are at most r bits apart, write r = m*a + b (0 <= b < m): then
 * one of keys 0..b differs in at most a bits, or one of keys b+1..m-1 differs in at most
 * a-1 bits (else the distance would be at least r+1). So for each table t we look up the
 * query's key t with every flip of up to a (or a-1) bits, and check each hash found there
 * in full. Nothing within r is ever missed.
 *
 * Memory, per hash: the hash (32 bytes), and for each table but the first a position of
 * w bytes (3 up to 16,777,216 hashes, else 4). The hashes are stored sorted by key 0, so
 * table 0 needs no ids: its bucket k is the run of positions offsets[0][k] ..
 * offsets[0][k+1]. A position is reported as the row number `order` gives it (w bytes a
 * hash), or as itself where `order` is NULL (hashes added already in that order). Table t > 0 is a
 * counting sort of the positions by key t: ids[t-1][offsets[t][k] .. offsets[t][k+1]).
 * No key is stored; a bucket is found by its offsets (2^bits + 1 uint32 per table).
 *
 * The search gathers a table's probe keys first, then reads their offsets, then their
 * ids, then the hashes, prefetching each step ahead: the memory reads of a query overlap
 * instead of waiting for one another. A position found in several tables is reported once:
 * by the first table where it qualifies.
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
#define MAX_PROBES 8192 /* probe keys gathered at once */

typedef struct {
    int32_t m;                    /* number of tables */
    int32_t width;                /* bytes of a stored position: 3 or 4 */
    int32_t start[MAX_TABLES];    /* first bit of each table's key */
    int32_t bits[MAX_TABLES];     /* length of each table's key, at most 30 */
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

static inline uint32_t get_id(const uint8_t *ids, int width, int64_t i) {
    const uint8_t *p = ids + i * width;
    uint32_t value = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16;
    return width == 3 ? value : value | (uint32_t)p[3] << 24;
}

static inline void put_id(uint8_t *ids, int width, int64_t i, uint32_t value) {
    uint8_t *p = ids + i * width;
    p[0] = (uint8_t)value, p[1] = (uint8_t)(value >> 8), p[2] = (uint8_t)(value >> 16);
    if (width == 4) p[3] = (uint8_t)(value >> 24);
}

/* Fill off (2^bits + 1 entries): off[k] .. off[k+1] is where key k's entries go. */
static void count_keys(const uint32_t *keys, int64_t n, int bits, uint32_t *off) {
    int64_t count = 1LL << bits;
    memset(off, 0, sizeof(uint32_t) * (count + 1));
    for (int64_t i = 0; i < n; i++) off[keys[i] + 1]++;
    for (int64_t k = 0; k < count; k++) off[k + 1] += off[k];
}

/* Counting sort of 0..n-1 by keys[i] into out (each of out's entries `width` bytes, or an
 * int64 where width is 8); fill off. Return 0, or -1 when out of memory. */
static int counting_sort(const uint32_t *keys, int64_t n, int bits, uint32_t *off, void *out,
                         int width) {
    int64_t count = 1LL << bits;
    count_keys(keys, n, bits, off);
    uint32_t *next = malloc(sizeof(uint32_t) * count);
    if (!next) return -1;
    memcpy(next, off, sizeof(uint32_t) * count);
    if (width == 8)
        for (int64_t i = 0; i < n; i++) ((int64_t *)out)[next[keys[i]]++] = i;
    else
        for (int64_t i = 0; i < n; i++) put_id(out, width, next[keys[i]]++, (uint32_t)i);
    free(next);
    return 0;
}

static uint32_t *keys_of(const uint64_t *hashes, int64_t n, int32_t start, int32_t bits) {
    uint32_t *keys = malloc(sizeof(uint32_t) * (n ? n : 1));
    if (keys)
        for (int64_t i = 0; i < n; i++) keys[i] = key(hashes + 4 * i, start, bits);
    return keys;
}

/* The rows of `hashes` sorted (stably) by key 0 into `rows`. Return 0, or -1 when out of
 * memory. */
int mih_order(const uint64_t *hashes, int64_t n, const layout *l, int64_t *rows) {
    uint32_t *keys = keys_of(hashes, n, l->start[0], l->bits[0]);
    uint32_t *off = malloc(sizeof(uint32_t) * ((1LL << l->bits[0]) + 1));
    int failed = !keys || !off || counting_sort(keys, n, l->bits[0], off, rows, 8);
    free(keys);
    free(off);
    return failed ? -1 : 0;
}

/* Sort `hashes` (n rows, in the order added) by key 0 into `main`, with `order` the row
 * each position holds (NULL: the hashes are in that order already); fill each table's
 * offsets (2^bits + 1 entries at base[t]) and the positions of tables 1..m-1 (n entries of
 * `width` bytes each). Return 0, or -1 when out of memory. */
int mih_build(const uint64_t *hashes, int64_t n, const layout *l, uint32_t *offsets,
              uint8_t *ids, uint64_t *main, uint8_t *order) {
    int w = l->width;
    uint32_t *keys = keys_of(hashes, n, l->start[0], l->bits[0]);
    if (!keys) return -1;
    if (!order) {
        count_keys(keys, n, l->bits[0], offsets + l->base[0]);
        memcpy(main, hashes, 32 * n);
    } else {
        if (counting_sort(keys, n, l->bits[0], offsets + l->base[0], order, w)) goto fail;
        for (int64_t p = 0; p < n; p++) memcpy(main + 4 * p, hashes + 4 * get_id(order, w, p), 32);
    }
    for (int t = 1; t < l->m; t++) {
        for (int64_t p = 0; p < n; p++) keys[p] = key(main + 4 * p, l->start[t], l->bits[t]);
        if (counting_sort(keys, n, l->bits[t], offsets + l->base[t], ids + (t - 1) * n * w, w))
            goto fail;
    }
    free(keys);
    return 0;
fail:
    free(keys);
    return -1;
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
    const uint32_t *offsets;
    const uint8_t *ids, *order;
    const layout *l;
    const int *radius;
    int64_t n, qi;
    int r;
    int64_t *out_query, *out_row;
    int32_t *out_dist;
    int64_t count, capacity;
    uint32_t cand[CHUNK];
    int64_t n_cand;
    int table, overflow;
    uint32_t keys[MAX_PROBES];
    uint32_t lo[MAX_PROBES], hi[MAX_PROBES];
    int n_keys;
} search;

/* Check the gathered candidates (all from s->table) of the current query; flag an
 * overflow if their results might not fit (the caller then drops the query's results). */
static void check(search *s) {
    if (s->count + s->n_cand > s->capacity) {
        s->overflow = 1;
        return;
    }
    for (int64_t j = 0; j < s->n_cand; j++) {
        if (j + AHEAD < s->n_cand) __builtin_prefetch(s->hashes + 4 * (int64_t)s->cand[j + AHEAD]);
        const uint64_t *h = s->hashes + 4 * (int64_t)s->cand[j];
        int d = distance(h, s->query);
        if (d > s->r || seen_before(h, s->query, s->table, s->l, s->radius)) continue;
        s->out_query[s->count] = s->qi;
        s->out_row[s->count] = s->order ? get_id(s->order, s->l->width, s->cand[j]) : s->cand[j];
        s->out_dist[s->count++] = d;
    }
    s->n_cand = 0;
}

/* Gather every key within `left` flips of k, flipping only bits below `below`. */
static void gather(search *s, uint32_t k, int below, int left) {
    if (s->n_keys == MAX_PROBES) return; /* never: layouts keep probes under MAX_PROBES */
    s->keys[s->n_keys++] = k;
    if (left == 0) return;
    for (int bit = 0; bit < below; bit++) gather(s, k ^ (1u << bit), bit, left - 1);
}

/* Probe table t: its keys, their offsets, their ids, their hashes, each read ahead. */
static void probe_table(search *s, int t) {
    const layout *l = s->l;
    const uint32_t *off = s->offsets + l->base[t];
    const uint8_t *tid = t ? s->ids + (int64_t)(t - 1) * s->n * l->width : NULL;
    int w = l->width;
    s->n_keys = 0;
    gather(s, key(s->query, l->start[t], l->bits[t]), l->bits[t], s->radius[t]);
    int n = 0, k = s->n_keys;
    for (int i = 0; i < k && i < AHEAD; i++) __builtin_prefetch(off + s->keys[i]);
    for (int i = 0; i < k; i++) {
        if (i + AHEAD < k) __builtin_prefetch(off + s->keys[i + AHEAD]);
        uint32_t lo = off[s->keys[i]], hi = off[s->keys[i] + 1];
        if (lo == hi) continue;
        s->lo[n] = lo, s->hi[n++] = hi;
        if (tid) __builtin_prefetch(tid + (int64_t)lo * w);
        else __builtin_prefetch(s->hashes + 4 * (int64_t)lo);
    }
    s->table = t;
    for (int i = 0; i < n && !s->overflow; i++) {
        for (uint32_t p = s->lo[i]; p < s->hi[i]; p++) {
            s->cand[s->n_cand++] = tid ? get_id(tid, w, p) : p;
            if (s->n_cand == CHUNK) {
                check(s);
                if (s->overflow) return;
            }
        }
    }
    if (!s->overflow) check(s);
}

/* Search each of nq queries within radius r. Results (query, row, distance) go to out_*
 * (capacity rows). When a query's results might not fit, its partial results are dropped
 * and the search stops there: return the number of results written; *done is the number
 * of queries answered. Return -1 when out of memory. */
int64_t mih_search(const uint64_t *hashes, int64_t n, const layout *l, const uint32_t *offsets,
                   const uint8_t *ids, const uint8_t *order, const uint64_t *queries, int64_t nq,
                   int r, int64_t *out_query, int64_t *out_row, int32_t *out_dist,
                   int64_t capacity, int64_t *done) {
    int radius[MAX_TABLES];
    table_radii(l, r, radius);
    search *s = calloc(1, sizeof(search));
    if (!s) return -1;
    s->hashes = hashes, s->offsets = offsets, s->ids = ids, s->order = order, s->l = l;
    s->radius = radius, s->n = n, s->r = r, s->capacity = capacity;
    s->out_query = out_query, s->out_row = out_row, s->out_dist = out_dist;
    int64_t qi = 0;
    for (; qi < nq; qi++) {
        int64_t before = s->count;
        s->query = queries + 4 * qi;
        s->qi = qi;
        s->n_cand = 0;
        for (int t = 0; t < l->m && !s->overflow; t++)
            if (radius[t] >= 0) probe_table(s, t);
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
