<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=true; section>
    <#if section = "header">
        ${msg("diveOtpErrorTitle")}
    <#elseif section = "form">
        <p id="dive-otp-error">${msg("diveOtpRedisUnavailableHelp")}</p>
        <p><a id="dive-otp-retry" href="${url.loginRestartFlowUrl}">${msg("diveOtpRetry")}</a></p>
    </#if>
</@layout.registrationLayout>
