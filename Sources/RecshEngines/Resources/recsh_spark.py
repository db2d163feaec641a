"""recsh's Spark job, run by `spark-submit` from the shell (Sources/RecshEngines).

    recsh_spark.py als JOB        fit MLlib's ALS on JOB/input and write the factors to JOB/output
    recsh_spark.py recommend JOB  rank every user's unseen films with JOB/input's factors

Both read their settings from JOB/job.json and raw little-endian files written by recsh, pass
them through the driver (so a cluster needs no shared storage for them), and end by writing
JOB/result.json: recsh reads that file and the exit code, never stdout, which Spark fills with
warnings. The factors come back through the driver too, as ids.i32 + factors.f32 per side.
"""

import json
import os
import sys
import time
import traceback


def write_atomic(path, data):
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def read_i32(np, path):
    return np.fromfile(path, dtype="<i4")


def positives_frame(spark, np, folder, slices):
    """The (user, item, value) rows of recsh's positives, shipped from the driver in chunks."""
    from pyspark.sql.types import FloatType, IntegerType, StructField, StructType

    users = read_i32(np, os.path.join(folder, "users.i32"))
    items = read_i32(np, os.path.join(folder, "items.i32"))
    values = np.fromfile(os.path.join(folder, "values.f32"), dtype="<f4")
    if not (len(users) == len(items) == len(values)):
        raise ValueError(f"{folder}: users.i32, items.i32 and values.f32 hold different counts")
    bounds = np.linspace(0, len(users), slices + 1).astype(int)
    chunks = [(users[a:b], items[a:b], values[a:b]) for a, b in zip(bounds[:-1], bounds[1:])]
    rdd = spark.sparkContext.parallelize(chunks, slices).flatMap(
        lambda c: zip(c[0].tolist(), c[1].tolist(), c[2].tolist())
    )
    schema = StructType(
        [
            StructField("user", IntegerType(), False),
            StructField("item", IntegerType(), False),
            StructField("value", FloatType(), False),
        ]
    )
    return spark.createDataFrame(rdd, schema), int(len(users))


def write_factors(np, frame, folder, rank):
    """Collects one side's factors on the driver into ids.i32 and factors.f32 (rows in id order)."""
    os.makedirs(folder, exist_ok=True)
    rows = sorted((r["id"], r["features"]) for r in frame.toLocalIterator())
    ids = np.array([r[0] for r in rows], dtype="<i4")
    factors = np.array([r[1] for r in rows], dtype="<f4").reshape(len(rows), rank)
    write_atomic(os.path.join(folder, "factors.f32"), factors.tobytes())
    write_atomic(os.path.join(folder, "ids.i32"), ids.tobytes())
    return len(rows)


def factors_frame(spark, np, folder, rank):
    from pyspark.sql.types import ArrayType, FloatType, IntegerType, StructField, StructType

    ids = read_i32(np, os.path.join(folder, "ids.i32"))
    factors = np.fromfile(os.path.join(folder, "factors.f32"), dtype="<f4")
    if factors.size != ids.size * rank:
        raise ValueError(f"{folder}: factors.f32 holds {factors.size} floats, not {ids.size} x {rank}")
    factors = factors.reshape(ids.size, rank)
    schema = StructType(
        [StructField("id", IntegerType(), False), StructField("features", ArrayType(FloatType(), False), False)]
    )
    return spark.createDataFrame(list(zip(ids.tolist(), factors.tolist())), schema)


def fit_als(spark, np, job, settings):
    from pyspark.ml.recommendation import ALS

    started = time.time()
    frame, count = positives_frame(spark, np, os.path.join(job, "input"), settings["slices"])
    frame = frame.cache()
    frame.count()
    loaded = time.time()
    als = ALS(
        rank=settings["rank"],
        maxIter=settings["iterations"],
        regParam=settings["reg"],
        alpha=settings["alpha"],
        implicitPrefs=True,
        userCol="user",
        itemCol="item",
        ratingCol="value",
        seed=settings["seed"],
    )
    if settings.get("blocks"):
        als = als.setNumUserBlocks(settings["blocks"]).setNumItemBlocks(settings["blocks"])
    model = als.fit(frame)
    output = os.path.join(job, "output")
    users = write_factors(np, model.userFactors, os.path.join(output, "users"), settings["rank"])
    fitted = time.time()
    items = write_factors(np, model.itemFactors, os.path.join(output, "items"), settings["rank"])
    return {
        "positives": count,
        "users": users,
        "items": items,
        "load_seconds": loaded - started,
        "fit_seconds": fitted - loaded,
    }


def recommend_all(spark, np, job, settings):
    from pyspark.ml.recommendation import ALSModel
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    started = time.time()
    rank = settings["rank"]
    inputs = os.path.join(job, "input")
    users = factors_frame(spark, np, os.path.join(inputs, "users"), rank)
    items = factors_frame(spark, np, os.path.join(inputs, "items"), rank)
    seen, _ = positives_frame(spark, np, inputs, settings["slices"])
    # the session's factors as an MLlib model (its constructor is package-private in Scala, public to the JVM)
    java = spark._jvm.org.apache.spark.ml.recommendation.ALSModel("recsh_als", rank, users._jdf, items._jdf)
    java.setUserCol("user")
    java.setItemCol("item")
    model = ALSModel(java)
    k = settings["k"]
    # recommendForAllUsers cannot leave out seen films: ask for enough that k unseen remain
    wide = min(settings["items"], k + settings["max_seen"])
    ranked = (
        model.recommendForAllUsers(wide)
        .select(F.col("user").alias("userId"), F.posexplode("recommendations").alias("pos", "rec"))
        .select("userId", F.col("rec.item").alias("movieId"), F.col("rec.rating").alias("score"), "pos")
        .join(
            seen.select(F.col("user").alias("userId"), F.col("item").alias("movieId")),
            ["userId", "movieId"],
            "left_anti",
        )
        .withColumn("rank", F.row_number().over(Window.partitionBy("userId").orderBy("pos")))
        .where(F.col("rank") <= k)
        .select(
            F.col("userId").cast("int"),
            F.col("rank").cast("int"),
            F.col("movieId").cast("int"),
            F.col("score").cast("float"),
        )
        .sortWithinPartitions("userId", "rank")
    )
    ranked.write.mode("errorifexists").parquet(settings["out"])
    rows = spark.read.parquet(settings["out"]).count()
    return {"rows": rows, "score_seconds": time.time() - started}


def main():
    verb, job = sys.argv[1], sys.argv[2]
    result = {"status": "failed", "verb": verb}
    code = 1
    try:
        import numpy as np
        from pyspark.sql import SparkSession

        with open(os.path.join(job, "job.json")) as f:
            settings = json.load(f)
        started = time.time()
        spark = SparkSession.builder.appName(f"recsh {verb}").getOrCreate()
        spark.sparkContext.setLogLevel("ERROR")
        result["startup_seconds"] = time.time() - started
        result["spark_version"] = spark.version
        result["master"] = spark.sparkContext.master
        if verb == "als":
            result.update(fit_als(spark, np, job, settings))
        elif verb == "recommend":
            result.update(recommend_all(spark, np, job, settings))
        else:
            raise ValueError(f"unknown verb {verb}")
        result["status"] = "ok"
        code = 0
        spark.stop()
    except BaseException as e:  # noqa: BLE001 - every failure is reported in result.json
        message = f"{type(e).__name__}: {e}"
        java = getattr(e, "java_exception", None)
        if java is not None:
            try:
                message = str(java.toString())
            except Exception:  # noqa: BLE001 - the JVM may be gone
                pass
        lines = [line for line in message.strip().splitlines() if line.strip()]
        result["error"] = (lines[0] if lines else type(e).__name__)[:500]
        result["trace"] = traceback.format_exc()[-4000:]
    write_atomic(os.path.join(job, "result.json"), json.dumps(result, indent=1).encode())
    sys.exit(code)


if __name__ == "__main__":
    main()
