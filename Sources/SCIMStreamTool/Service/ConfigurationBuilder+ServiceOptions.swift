import SCIMService
import SCIMStream

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension ConfigurationBuilder {
    /// Applies one live-service option (every case handled).
    mutating func apply(_ option: ServiceOption, _ value: String) throws(UsageError) {
        let name = option.rawValue
        switch option.side {
        case .input: config.service.inputOptionsUsed.append(name)
        case .output: config.service.outputOptionsUsed.append(name)
        case .both: config.service.eitherOptionsUsed.append(name)
        }
        switch option {
        case .pageSize: config.service.query.pageSize = try OptionValues.positiveInteger(value, option: name)
        case .serverFilter:
            do {
                _ = try CompiledFilter(parsing: value)
            } catch {
                throw UsageError("invalid filter for --server-filter: \(error)")
            }
            config.service.serverFilters.append(value)
        case .attributes: config.service.query.attributes = try Self.attributeList(value, option: name)
        case .excludedAttributes: config.service.query.excludedAttributes = try Self.attributeList(value, option: name)
        case .tokenFile: config.service.source.tokenFile = value; filesRead.append(("--\(name)", value))
        case .oauthTokenURL: config.service.source.oauthTokenURL = value
        case .clientID: config.service.source.clientID = value
        case .clientSecretFile: config.service.source.clientSecretFile = value; filesRead.append(("--\(name)", value))
        case .targetTokenFile: config.service.target.tokenFile = value; filesRead.append(("--\(name)", value))
        case .targetOAuthTokenURL: config.service.target.oauthTokenURL = value
        case .targetClientID: config.service.target.clientID = value
        case .targetClientSecretFile: config.service.target.clientSecretFile = value; filesRead.append(("--\(name)", value))
        case .bulk: config.service.bulk = try OptionValues.choice(value, option: name)
        case .concurrency: config.service.writer.concurrency = min(try OptionValues.positiveInteger(value, option: name), 256)
        case .maxRetries:
            guard let n = Int(value), n >= 0 else { throw UsageError("--max-retries needs a number of 0 or more, not '\(value)'") }
            config.service.maxRetries = n
        case .timeout:
            guard let seconds = Double(value), seconds > 0, seconds <= 86400 else {
                throw UsageError("--timeout needs a number of seconds above 0 and at most 86400, not '\(value)'")
            }
            config.service.timeout = seconds
        case .onConflict: config.service.writer.onConflict = try OptionValues.choice(value, option: name)
        case .results: config.service.resultsPath = value
        case .resume: config.service.resumePath = value
        case .remapReferences: config.service.writer.remapsReferences = true
        case .dryRun: config.service.writer.dryRun = true
        }
    }

    /// `a,b,c` checked as attribute names or paths.
    static func attributeList(_ value: String, option: String) throws(UsageError) -> String {
        let names = value.split(separator: ",", omittingEmptySubsequences: false).map { String($0) }
        for name in names {
            let allowed = name.unicodeScalars.allSatisfy {
                $0.properties.isAlphabetic || ("0"..."9").contains($0) || ":._-$".unicodeScalars.contains($0)
            }
            guard !name.isEmpty, allowed else { throw UsageError("--\(option): '\(name)' is not an attribute name") }
        }
        return value
    }

    /// Turns `http(s)://` operands into service inputs and `--to scim -o URL` into the target,
    /// and checks the service options against them.
    mutating func finishService() throws(UsageError) {
        let service = config.service
        var transport: CurlTransport?
        func sharedTransport() -> CurlTransport {
            if let transport { return transport }
            let made = CurlTransport(timeout: service.timeout)
            transport = made
            return made
        }
        var readsService = false
        // Each service input is read once per --server-filter, in order (Genesys Cloud lists only
        // active users without a filter: 'active eq true' and 'active eq false' read them all).
        var inputs: [InputSource] = []
        for (i, operand) in operands.enumerated() {
            guard ServiceURL.isServiceURL(operand) else {
                inputs.append(config.inputs[i])
                continue
            }
            guard let url = ServiceURL(operand) else {
                throw UsageError("'\(operand)' is not a SCIM service URL (http(s)://host/path, no user:password@, query or fragment)")
            }
            let credentials = try service.source.resolve(environmentValue: Self.environment(service.source.environment))
            let client = ServiceClient(url: url, credentials: credentials, transport: sharedTransport(), retry: service.retry)
            let filters: [String?] = service.serverFilters.isEmpty ? [nil] : service.serverFilters
            for filter in filters {
                var query = service.query
                query.filter = filter
                inputs.append(.stream(ServicePages(client: client, query: query, namesFilter: filters.count > 1)))
            }
            readsService = true
        }
        if readsService { config.inputs = inputs }
        if readsService {
            // Index paging shifts when users change meanwhile: a user delivered twice is written once.
            config.stages.insert(SeenUsers(), at: 0)
        } else if let option = service.inputOptionsUsed.first {
            throw UsageError("--\(option) applies to an http:// or https:// input")
        }
        guard config.writer == .scim else {
            if let output = config.outputPath, ServiceURL.isServiceURL(output) {
                throw UsageError("-o \(output) is a service: add --to scim to write users to it")
            }
            if let option = service.outputOptionsUsed.first { throw UsageError("--\(option) applies to --to scim") }
            if !readsService, let option = service.eitherOptionsUsed.first {
                throw UsageError("--\(option) applies to an http:// or https:// input or to --to scim")
            }
            return
        }
        guard let output = config.outputPath, let url = ServiceURL(output) else {
            throw UsageError("--to scim needs the target service: -o https://host/scim/v2")
        }
        config.outputPath = nil
        config.service.targetURL = url
        let credentials = try service.target.resolve(environmentValue: Self.environment(service.target.environment))
        config.service.writer.method = config.bulk.method
        config.service.writer.bulk = service.bulk
        config.service.writer.sendsVersion = config.bulk.sendsVersion
        config.service.writer.bulkMaxOperations = config.bulk.maxOperations
        config.service.writer.bulkMaxBytes = config.bulk.maxBytes
        config.service.writer.stopsAtFailure = config.readerOptions.errorPolicy == .fail
        config.service.targetClient = ServiceClient(
            url: url, credentials: credentials, transport: sharedTransport(), retry: service.retry)
    }

    /// A variable of the process's environment.
    static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}
