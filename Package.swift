// swift-tools-version:6.0
import PackageDescription

// The model kernels are compiled optimised in every configuration (tests train real models), and
// on x86-64 for AVX2/FMA CPUs (Haswell, 2013, and every EPYC): Swift's default x86 target has
// no FMA, which halves the speed of the factor models.
#if arch(x86_64)
    let kernelFlags = ["-Ounchecked", "-target-cpu", "haswell"]
    let hnswFlags = ["-O3", "-mavx2", "-mfma", "-std=c++17"]
#else
    let kernelFlags = ["-Ounchecked"]
    let hnswFlags = ["-O3", "-std=c++17"]
#endif

let package = Package(
    name: "recsh",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "recsh", targets: ["recsh"]),
        .library(name: "RecshData", targets: ["RecshData"]),
        .library(name: "RecshModels", targets: ["RecshModels"]),
        .library(name: "RecshShell", targets: ["RecshShell"]),
        .library(name: "RecshServer", targets: ["RecshServer"]),
        .library(name: "RecshTracking", targets: ["RecshTracking"]),
        .library(name: "RecshIntent", targets: ["RecshIntent"]),
        .library(name: "RecshEmbed", targets: ["RecshEmbed"]),
        .library(name: "RecshLifecycle", targets: ["RecshLifecycle"]),
        .library(name: "RecshVector", targets: ["RecshVector"]),
        .library(name: "RecshRanking", targets: ["RecshRanking"]),
        .library(name: "RecshEngines", targets: ["RecshEngines"]),
        .library(name: "RecshParquet", targets: ["RecshParquet"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        // GNU readline from the system; linked by name because its pkg-config flags are refused.
        .systemLibrary(name: "CReadline", path: "Sources/CReadline"),
        // renameat2 (exchange, no-replace) for publishing a folder with one rename.
        .target(name: "CFileOps", path: "Sources/CFileOps"),
        // Files recsh writes and reads: the replace-only-our-own rule, atomic writes, folder swaps.
        .target(name: "RecshFiles", dependencies: ["CFileOps"]),
        // Datasets: fast ratings parsers, MovieLens and TMDB catalogues, search path, downloads.
        .target(
            name: "RecshData",
            dependencies: [
                "RecshFiles",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        // OpenBLAS from the system (libopenblas-dev): cblas_sgemm and LAPACK's spotrf_.
        .systemLibrary(name: "COpenBLAS", path: "Sources/COpenBLAS"),
        // Vectorisable math kernels (exp, erf, sigmoid, softmax) shared by the models and MiniLM.
        .target(name: "RecshMath", swiftSettings: [.unsafeFlags(kernelFlags)]),
        // Models and their evaluation: protocol splits, ranking metrics, recommenders.
        .target(
            name: "RecshModels",
            dependencies: ["RecshData", "RecshMath", "COpenBLAS", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: [.unsafeFlags(kernelFlags)]
        ),
        // Sentences to filters: the intent lexicon and parser, the LLM client, scoring on labelled queries.
        .target(
            name: "RecshIntent",
            dependencies: ["RecshData"],
            resources: [.copy("Resources/intent.txt")]
        ),
        // Text and embeddings: safetensors, the WordPiece tokenizer and the MiniLM forward pass.
        .target(
            name: "RecshEmbed",
            dependencies: ["RecshMath", "COpenBLAS", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: [.unsafeFlags(kernelFlags)]
        ),
        // hnswlib (libhnswlib-dev, header-only C++) behind an extern "C" face; -mavx2 turns on its SIMD distances.
        .target(name: "CHNSW", path: "Sources/CHNSW", cxxSettings: [.unsafeFlags(hnswFlags)]),
        // Vector search: exact top-k with BLAS (the reference) and an HNSW index for large catalogues.
        .target(
            name: "RecshVector",
            dependencies: ["CHNSW", "COpenBLAS", "RecshModels"],
            swiftSettings: [.unsafeFlags(kernelFlags)]
        ),
        // XGBoost's C API from the system (libxgboost-dev 1.7): the ranker's LambdaMART booster.
        .systemLibrary(name: "CXGBoost", path: "Sources/CXGBoost"),
        // The multi-stage recommender: candidates from several models, their features, a LambdaMART ranker.
        .target(
            name: "RecshRanking",
            dependencies: ["RecshModels", "CXGBoost"],
            swiftSettings: [.unsafeFlags(kernelFlags)]
        ),
        // Parquet files without a dependency: flat tables of INT32 and FLOAT columns (recommend all out=).
        .target(name: "RecshParquet"),
        // Other engines behind recsh's commands: Spark MLlib's ALS by spark-submit, its files and faults.
        .target(
            name: "RecshEngines",
            dependencies: ["RecshModels"],
            resources: [.copy("Resources/recsh_spark.py")]
        ),
        // The shell: command language, session, commands, scripts, transcripts, readline front end.
        .target(
            name: "RecshShell",
            dependencies: [
                "RecshFiles", "RecshData", "RecshModels", "RecshIntent", "RecshEmbed", "RecshVector", "RecshRanking",
                "RecshEngines", "RecshParquet", "COpenBLAS",
                "CReadline",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Resources/moods.txt")]
        ),
        // The HTTP API, the web page, the request log and the shell's serve and monitor commands.
        .target(
            name: "RecshServer",
            dependencies: [
                "RecshShell", "RecshModels", "RecshData", "RecshFiles",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            resources: [.copy("Resources/web"), .copy("Resources/openapi.json")]
        ),
        // Experiments, runs and the model registry in MLflow's formats: a file store and the REST API.
        .target(
            name: "RecshTracking",
            dependencies: ["RecshFiles", .product(name: "Yams", package: "Yams")]
        ),
        // The model lifecycle in the shell: tracking train and eval, register, promote, retrain, replay.
        .target(
            name: "RecshLifecycle",
            dependencies: [
                "RecshTracking", "RecshShell", "RecshServer", "RecshModels", "RecshData", "RecshFiles",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        // The thin executable.
        .executableTarget(
            name: "recsh",
            dependencies: [
                "RecshShell", "RecshServer", "RecshLifecycle", "RecshEmbed", "RecshVector", "RecshModels",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "RecshFilesTests", dependencies: ["RecshFiles"]),
        .testTarget(name: "RecshTrackingTests", dependencies: ["RecshTracking"]),
        .testTarget(name: "RecshIntentTests", dependencies: ["RecshIntent", "RecshData"]),
        .testTarget(name: "RecshEmbedTests", dependencies: ["RecshEmbed", "RecshMath"]),
        .testTarget(name: "RecshVectorTests", dependencies: ["RecshVector"]),
        .testTarget(name: "RecshRankingTests", dependencies: ["RecshRanking", "RecshModels"]),
        .testTarget(name: "RecshEnginesTests", dependencies: ["RecshEngines", "RecshModels", "RecshParquet"]),
        .testTarget(
            name: "RecshLifecycleTests",
            dependencies: ["RecshLifecycle", "RecshTracking", "RecshShell", "RecshServer", "RecshData"]),
        .testTarget(
            name: "RecshDataTests",
            dependencies: ["RecshData", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .testTarget(name: "RecshModelsTests", dependencies: ["RecshModels", "RecshData"]),
        .testTarget(
            name: "RecshShellTests",
            dependencies: ["RecshShell", "RecshData", "RecshModels", "RecshServer", "RecshLifecycle"]),
        .testTarget(
            name: "RecshServerTests",
            dependencies: ["RecshServer", "RecshShell", "RecshData", .product(name: "GRDB", package: "GRDB.swift")]),
    ],
    swiftLanguageModes: [.v6]
)
