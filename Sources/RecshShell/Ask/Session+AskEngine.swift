import Foundation
import RecshData
import RecshIntent

extension Session {
    /// The engine for one question at the prompt. A model is resolved only when the question
    /// needs it (the community model for a user or liked films, a text model for leftover words);
    /// one trained with its defaults on the way is noted.
    func askEngine(for intent: Intent, personal: Bool, notes: inout [String]) throws -> AskEngine {
        let d = try requireDataset()
        let meaning = intent.text.isEmpty ? nil : try meaningModel()
        let content = intent.text.isEmpty || meaning != nil || tmdb == nil ? nil : try contentModel(notes: &notes)
        return AskEngine(
            datasetName: d.name, movies: d.movies, tmdb: tmdb, totals: RatingTotals(d),
            community: personal ? try communityModel(notes: &notes) : nil, content: content, meaning: meaning,
            moods: try MoodLexicon.standard(), parser: try intentParser())
    }

    /// The engine a serving snapshot keeps, over the models it serves.
    func servingAskEngine(content: TrainedModel?, community: TrainedModel?) throws -> AskEngine {
        let d = try requireDataset()
        return AskEngine(
            datasetName: d.name, movies: d.movies, tmdb: tmdb, totals: RatingTotals(d), community: community,
            content: content, meaning: try meaningModel(), moods: try MoodLexicon.standard(), parser: try intentParser()
        )
    }

    /// The films' embeddings and MiniLM, when `train embed` ran on the current dataset.
    func meaningModel() throws -> AskEngine.Meaning? {
        guard let e = trainedEmbeddings else { return nil }
        return AskEngine.Meaning(embeddings: e, model: try EmbedTraining.model(self))
    }
}
