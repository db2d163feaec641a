import Foundation
import RecshModels

/// `feedback user=ID like|watched|skip REF`: what a user did, which `home` follows.
struct FeedbackCommand: ShellCommand {
    let spec = CommandSpec(
        name: "feedback", group: .models, summary: "record a like, a watch or a skip of a user, for home",
        usage: "feedback user=ID like|watched|skip REF", arguments: 2...2,
        options: [OptionSpec("user", "ID", "a MovieLens user id")],
        examples: ["feedback user=12 like 1", "feedback user=12 skip \"Heat\""],
        details:
            "like and watched make the film the user's latest (Because you watched, From your recent intent); every event takes the film off the user's rows. The same events over HTTP: POST /feedback."
    )

    func run(_ call: Invocation, context: CommandContext) throws -> [OutputBlock] {
        let s = context.session
        _ = try s.requireDataset()
        let user = try call.userId(spec)
        let event = call.positionals[0].text ?? call.positionals[0].description
        guard ["like", "watched", "skip"].contains(event) else {
            throw ShellError.badValue(name: "event", value: event, expected: "like, watched or skip")
        }
        let film = try s.resolveFilm(call.positionals[1], argument: "film")
        guard let id = film.movie?.movieLensId else {
            throw ShellError.failed("\(film.displayTitle) is not in the current dataset")
        }
        s.feedback[user, default: UserFeedback()].apply(event, movie: id)
        return [.text("User \(user): \(event) \(film.displayTitle)")]
    }
}
