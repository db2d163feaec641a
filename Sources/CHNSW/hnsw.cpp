#include "chnsw.h"

#include <hnswlib/hnswlib.h>

#include <algorithm>
#include <cstdio>
#include <exception>
#include <memory>
#include <new>

struct chnsw_index {
    std::unique_ptr<hnswlib::InnerProductSpace> space;
    std::unique_ptr<hnswlib::HierarchicalNSW<float>> graph;
};

namespace {
void report(const char *what, char *error, size_t length) {
    if (error && length > 0) std::snprintf(error, length, "%s", what);
}

// Runs one call with every C++ exception turned into `failed` and a message: none may unwind into Swift.
template <typename Result, typename Call>
Result guarded(Result failed, char *error, size_t length, Call call) {
    try {
        return call();
    } catch (const std::exception &e) {
        report(e.what(), error, length);
    } catch (...) {
        report("unknown hnswlib error", error, length);
    }
    return failed;
}

// hnswlib 0.6 reads the search breadth from a member (setEf), which would race between threads
// that search with different breadths; this is its searchKnn with the breadth as an argument.
long search(const hnswlib::HierarchicalNSW<float> &g, const float *query, size_t k, size_t ef, uint32_t *labels,
            float *distances) {
    if (g.cur_element_count == 0 || k == 0) return 0;
    hnswlib::tableint current = g.enterpoint_node_;
    float best = g.fstdistfunc_(query, g.getDataByInternalId(current), g.dist_func_param_);
    for (int level = g.maxlevel_; level > 0; level--) {
        bool changed = true;
        while (changed) {
            changed = false;
            unsigned int *list = (unsigned int *)g.get_linklist(current, level);
            int size = g.getListCount(list);
            hnswlib::tableint *neighbours = (hnswlib::tableint *)(list + 1);
            for (int i = 0; i < size; i++) {
                hnswlib::tableint candidate = neighbours[i];
                if (candidate > g.max_elements_) throw std::runtime_error("the index is corrupt (a link out of range)");
                float d = g.fstdistfunc_(query, g.getDataByInternalId(candidate), g.dist_func_param_);
                if (d < best) {
                    best = d;
                    current = candidate;
                    changed = true;
                }
            }
        }
    }
    auto top = g.searchBaseLayerST<false, false>(current, query, std::max(ef, k));
    while (top.size() > k) top.pop();
    long n = (long)top.size();
    // the queue pops farthest first; fill from the back so the output is closest first
    for (long i = n - 1; i >= 0; i--) {
        labels[i] = (uint32_t)g.getExternalLabel(top.top().second);
        distances[i] = top.top().first;
        top.pop();
    }
    return n;
}
}  // namespace

extern "C" {

chnsw_index *chnsw_create(size_t dimension, size_t capacity, size_t m, size_t ef_construction, size_t seed,
                          char *error, size_t error_length) {
    return guarded<chnsw_index *>(nullptr, error, error_length, [&] {
        auto index = std::make_unique<chnsw_index>();
        index->space = std::make_unique<hnswlib::InnerProductSpace>(dimension);
        index->graph = std::make_unique<hnswlib::HierarchicalNSW<float>>(index->space.get(), capacity, m,
                                                                          ef_construction, seed);
        return index.release();
    });
}

int chnsw_add(chnsw_index *index, const float *vector, size_t label, char *error, size_t error_length) {
    return guarded(-1, error, error_length, [&] {
        index->graph->addPoint(vector, label);
        return 0;
    });
}

long chnsw_search(const chnsw_index *index, const float *query, size_t k, size_t ef, uint32_t *labels,
                  float *distances, char *error, size_t error_length) {
    return guarded(-1L, error, error_length,
                   [&] { return search(*index->graph, query, k, ef, labels, distances); });
}

int chnsw_save(const chnsw_index *index, const char *path, char *error, size_t error_length) {
    return guarded(-1, error, error_length, [&] {
        // saveIndex is not const in hnswlib 0.6 but only reads the graph
        const_cast<hnswlib::HierarchicalNSW<float> &>(*index->graph).saveIndex(path);
        return 0;
    });
}

chnsw_index *chnsw_load(const char *path, size_t dimension, char *error, size_t error_length) {
    return guarded<chnsw_index *>(nullptr, error, error_length, [&]() -> chnsw_index * {
        auto index = std::make_unique<chnsw_index>();
        index->space = std::make_unique<hnswlib::InnerProductSpace>(dimension);
        index->graph = std::make_unique<hnswlib::HierarchicalNSW<float>>(index->space.get(), std::string(path));
        // each element stores its vector between offsetData_ and label_offset_: the file's own dimension
        if (index->graph->label_offset_ - index->graph->offsetData_ != dimension * sizeof(float)) {
            report("the index holds vectors of another dimension", error, error_length);
            return nullptr;
        }
        return index.release();
    });
}

size_t chnsw_count(const chnsw_index *index) { return index->graph->cur_element_count; }

void chnsw_free(chnsw_index *index) { delete index; }
}
