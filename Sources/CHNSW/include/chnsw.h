// A C face for hnswlib (Debian's libhnswlib-dev, header-only C++): an HNSW graph over unit
// float32 vectors with inner-product distance (1 - dot), as hnswlib's `ip` space. Every call
// catches hnswlib's C++ exceptions and reports them in `error`, so none crosses into Swift.
#ifndef CHNSW_H
#define CHNSW_H
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct chnsw_index chnsw_index;

/// A new empty index for `capacity` vectors of `dimension` floats; NULL and a message on failure.
chnsw_index *chnsw_create(size_t dimension, size_t capacity, size_t m, size_t ef_construction, size_t seed,
                          char *error, size_t error_length);

/// Adds one vector under `label`. Safe to call from several threads at once (hnswlib locks per node).
int chnsw_add(chnsw_index *index, const float *vector, size_t label, char *error, size_t error_length);

/// The `k` nearest labels to `query`, closest first, with their distances (1 - cosine). `ef` is the
/// search breadth (at least k). Read-only: any number of threads may search one index at once.
/// Returns the number found, or -1 and a message.
long chnsw_search(const chnsw_index *index, const float *query, size_t k, size_t ef, uint32_t *labels,
                  float *distances, char *error, size_t error_length);

/// Writes the index in hnswlib's own file format (Python's `hnswlib.Index.load_index` reads it).
int chnsw_save(const chnsw_index *index, const char *path, char *error, size_t error_length);

/// Reads an index that chnsw_save (or hnswlib) wrote for vectors of `dimension` floats.
chnsw_index *chnsw_load(const char *path, size_t dimension, char *error, size_t error_length);

/// The number of vectors in the index.
size_t chnsw_count(const chnsw_index *index);

void chnsw_free(chnsw_index *index);

#ifdef __cplusplus
}
#endif
#endif
